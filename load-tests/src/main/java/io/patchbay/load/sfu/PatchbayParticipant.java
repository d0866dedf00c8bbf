package io.patchbay.load.sfu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.load.client.ClientConnection;
import io.patchbay.load.client.ConnectionEvents;
import io.patchbay.load.client.ClientRuntime;
import io.patchbay.load.client.SyntheticMedia;
import io.patchbay.load.peer.LocalSdp;
import io.patchbay.load.peer.RemoteSdp;
import io.patchbay.load.peer.SignalingClient;
import io.patchbay.load.peer.SrtpProfile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A participant over Patchbay's own protocol (docs/protocol.md): {@code join}, a publisher connection we offer,
 * and one subscriber connection the server offers and renegotiates as tracks come and go. Server candidates are
 * trickled; ours too (one host candidate, then end-of-candidates).
 */
final class PatchbayParticipant implements SimulatedParticipant {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final ClientRuntime runtime;
    private final SignalingClient signaling;
    private final List<SrtpProfile> profiles;
    private final boolean subscribe;
    /** Its part in the simulcast scenario, or null. */
    private final SimulcastRole role;
    private final Executor offers;
    private final ParticipantEvents events;
    private final Map<String, List<String>> earlyCandidates = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private CompletableFuture<Void> offerChain = CompletableFuture.completedFuture(null);
    private volatile ClientConnection publisher;
    private volatile ClientConnection subscriber;
    private volatile long joinSentNanos;
    private volatile String ownId;
    /** Video tracks we sent our maxHeight for. */
    private final java.util.Set<String> askedTracks = ConcurrentHashMap.newKeySet();

    private PatchbayParticipant(String name, ClientRuntime runtime, SignalingClient signaling,
                                List<SrtpProfile> profiles, boolean subscribe, SimulcastRole role, Executor offers,
                                ParticipantEvents events) {
        this.role = role;
        this.name = name;
        this.events = events;
        this.runtime = runtime;
        this.signaling = signaling;
        this.profiles = profiles;
        this.subscribe = subscribe;
        this.offers = offers;
        signaling.addListener(this::onMessage);
    }

    static PatchbayParticipant join(ClientRuntime runtime, HttpClient http, URI ws, String room, String name,
                                    boolean publish, boolean subscribe, SimulcastRole role,
                                    List<SrtpProfile> profiles, long videoBps,
                                    Executor offers, Duration timeout, ParticipantEvents events) throws Exception {
        events.connecting(System.nanoTime());
        SignalingClient s = SignalingClient.connect(http, ws, timeout);
        events.webSocketOpen(System.nanoTime());
        PatchbayParticipant p = new PatchbayParticipant(name, runtime, s, profiles, subscribe, role, offers, events);
        try {
            p.joinSentNanos = System.nanoTime();
            s.send(s.newMessage("join").put("room", room).put("name", name));
            JsonNode joined = s.await(m -> m.path("type").asText().equals("joined")
                    || m.path("type").asText().equals("error"), timeout);
            if (!joined.path("type").asText().equals("joined")) {
                throw new IOException(name + ": join failed: " + joined);
            }
            // The listener may run after this thread woke up (history first): the earlier of the two counts.
            events.joined(System.nanoTime());
            if (publish) p.publish(videoBps, timeout);
            return p;
        } catch (Exception e) {
            p.close();
            throw e;
        }
    }

    private void publish(long videoBps, Duration timeout) throws Exception {
        ClientConnection pub = runtime.newConnection(name + "/pub", true, true, profiles);
        pub.observe(events.publisher());
        publisher = pub;
        int audioSsrc = RANDOM.nextInt();
        int videoSsrc = RANDOM.nextInt();
        LocalSdp.PublishPlan plan = new LocalSdp.PublishPlan("s-" + name, "c-" + name, "a-" + name,
                audioSsrc & 0xFFFFFFFFL, "v-" + name, videoSsrc & 0xFFFFFFFFL);
        boolean layers = role != null && role.publishLayers();
        String offer = LocalSdp.publisherOffer(pub.identity(), plan, true, LocalSdp.newSessionId(), 2,
                layers ? LocalSdp.SIMULCAST_RIDS : List.of());
        events.publisherOfferSent(System.nanoTime());
        signaling.send(signaling.newMessage("offer").put("pc", "publisher").put("sdp", offer));
        JsonNode answer = signaling.await(m -> (m.path("type").asText().equals("answer")
                && m.path("pc").asText().equals("publisher")) || m.path("type").asText().equals("error"), timeout);
        if (!answer.path("type").asText().equals("answer")) {
            throw new IOException(name + ": publish failed: " + answer);
        }
        events.publisherAnswerReceived(System.nanoTime());
        RemoteSdp sdp = RemoteSdp.parse(answer.path("sdp").asText());
        if (layers) {
            int[] ssrcs = {videoSsrc, RANDOM.nextInt(), RANDOM.nextInt()};
            pub.setMedia(new SyntheticMedia(audioSsrc, ssrcs, SyntheticMedia.CHROME_720P, LocalSdp.PT_OPUS,
                    LocalSdp.PT_VP8, "0", "1", name.hashCode(), videoBps, System.nanoTime()));
        } else {
            pub.setMedia(new SyntheticMedia(audioSsrc, videoSsrc, LocalSdp.PT_OPUS, LocalSdp.PT_VP8, "0", "1",
                    name.hashCode(), videoBps, System.nanoTime()));
        }
        attach("publisher", pub);
        pub.start(sdp.iceUfrag(), sdp.icePwd(), sdp.fingerprint(), sdp.iceLite());
        sendCandidate("publisher", pub, "0", 0);
        pub.connected().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onMessage(JsonNode m) {
        String type = m.path("type").asText();
        String pc = m.path("pc").asText();
        long now = System.nanoTime();
        if (type.equals("joined")) {
            events.joined(now);
            ownId = m.path("participantId").asText(null);
            for (JsonNode p : m.path("participants")) {
                for (JsonNode t : p.path("tracks")) askLayer(p.path("id").asText(), t);
            }
        } else if (type.equals("participant-joined")) {
            JsonNode p = m.path("participant");
            for (JsonNode t : p.path("tracks")) askLayer(p.path("id").asText(), t);
        } else if (type.equals("track-published")) {
            askLayer(m.path("participantId").asText(), m.path("track"));
        } else if (type.equals("layers-wanted")) {
            ClientConnection pub = publisher;
            SyntheticMedia media = pub == null ? null : pub.media();
            if (media != null) {
                List<String> rids = new ArrayList<>();
                m.path("rids").forEach(r -> rids.add(r.asText()));
                media.setLayersWanted(rids);
            }
        } else if (type.equals("answer") && pc.equals("publisher")) {
            events.publisherAnswerReceived(now);
        } else if (type.equals("offer") && pc.equals("subscriber")) {
            events.subscriberOfferReceived(now);
        }
        if (type.equals("candidate")) {
            JsonNode c = m.path("candidate");
            if (c.isObject() && c.hasNonNull("candidate")) {
                String line = c.path("candidate").asText();
                ClientConnection conn = pc.equals("publisher") ? publisher : subscriber;
                synchronized (earlyCandidates) {
                    if (conn == null) {
                        earlyCandidates.computeIfAbsent(pc, k -> new ArrayList<>()).add(line);
                        return;
                    }
                }
                conn.addRemoteCandidate(line);
            }
        } else if (type.equals("offer") && pc.equals("subscriber") && subscribe) {
            String sdp = m.path("sdp").asText();
            synchronized (this) {
                // Offers are answered in order, one at a time, on a shared pool.
                offerChain = offerChain.thenRunAsync(() -> answer(sdp), offers);
            }
        } else if (type.equals("error")) {
            failures.add(m.toString());
        }
    }

    private void answer(String sdpText) {
        try {
            RemoteSdp offer = RemoteSdp.parse(sdpText);
            boolean first = subscriber == null;
            ClientConnection sub = first ? runtime.newConnection(name + "/sub", false, true, profiles) : subscriber;
            String answer = LocalSdp.subscriberAnswer(sub.identity(), offer, java.util.Set.of());
            if (events.subscriber() != ConnectionEvents.NONE) sub.watchKeyframes(vp8PayloadTypes(offer));
            if (role != null) sub.trackLayers(vp8PayloadTypes(offer));
            if (first) sub.observe(events.subscriber());
            events.subscriberAnswerSent(System.nanoTime());
            signaling.send(signaling.newMessage("answer").put("pc", "subscriber").put("sdp", answer));
            if (first) {
                subscriber = sub;
                attach("subscriber", sub);
                sub.start(offer.iceUfrag(), offer.icePwd(), offer.fingerprint(), offer.iceLite());
                RemoteSdp.Section s = offer.activeSections().get(0);
                sendCandidate("subscriber", sub, s.mid(), s.index());
            }
        } catch (Exception e) {
            failures.add("answering a subscriber offer failed: " + e);
        }
    }

    /**
     * Simulcast scenario: {@code update-subscription} with our {@code maxHeight} for another participant's video track
     * (ours are announced to us too, and skipped: they are not received).
     */
    private void askLayer(String participantId, JsonNode track) {
        if (role == null || role.maxHeight() == null || !track.path("kind").asText().equals("video")
                || participantId.equals(ownId)) {
            return;
        }
        String id = track.path("id").asText();
        if (!askedTracks.add(id)) return;
        try {
            ObjectNode u = signaling.newMessage("update-subscription").put("trackId", id)
                    .put("maxHeight", role.maxHeight().intValue());
            signaling.send(u);
        } catch (IOException e) {
            failures.add("update-subscription failed: " + e);
        }
    }

    private static List<Integer> vp8PayloadTypes(RemoteSdp offer) {
        List<Integer> pts = new ArrayList<>();
        for (RemoteSdp.Section s : offer.activeSections()) {
            int pt = s.kind().equals("video") ? s.payloadTypeOf("VP8") : -1;
            if (pt >= 0) pts.add(pt);
        }
        return pts;
    }

    /** Hands over candidates that arrived before the connection existed. */
    private void attach(String pc, ClientConnection conn) {
        List<String> early;
        synchronized (earlyCandidates) {
            early = earlyCandidates.remove(pc);
        }
        if (early != null) early.forEach(conn::addRemoteCandidate);
    }

    private void sendCandidate(String pc, ClientConnection conn, String mid, int mLineIndex) throws IOException {
        ObjectNode msg = signaling.newMessage("candidate").put("pc", pc);
        msg.putObject("candidate").put("candidate", conn.localCandidate()).put("sdpMid", mid)
                .put("sdpMLineIndex", mLineIndex);
        signaling.send(msg);
        ObjectNode end = signaling.newMessage("candidate").put("pc", pc);
        end.putNull("candidate");
        signaling.send(end);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long joinSentNanos() {
        return joinSentNanos;
    }

    @Override
    public ClientConnection publisher() {
        return publisher;
    }

    @Override
    public List<ClientConnection> subscriberConnections() {
        ClientConnection s = subscriber;
        return s == null ? List.of() : List.of(s);
    }

    @Override
    public void onPublisherAdded(SimulatedParticipant other) {
        // The server renegotiates our subscriber connection itself.
    }

    @Override
    public SimulcastRole simulcastRole() {
        return role;
    }

    @Override
    public List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() {
        try {
            signaling.send(signaling.newMessage("leave"));
        } catch (IOException | RuntimeException ignored) {
            // The server may be gone already.
        }
        signaling.close();
        ClientConnection p = publisher;
        if (p != null) p.close();
        ClientConnection s = subscriber;
        if (s != null) s.close();
    }
}

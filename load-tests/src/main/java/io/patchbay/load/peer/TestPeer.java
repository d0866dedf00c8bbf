package io.patchbay.load.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scripted WebRTC client of the Patchbay server over its real protocol: JSON signaling on
 * {@code ws://127.0.0.1:<port>/ws}, ICE (controlling, by hand), DTLS 1.2 client (BouncyCastle) and SRTP
 * (jitsi-srtp). It shares no code with the server. One {@code publisher} connection on demand
 * ({@link #publish}) and one {@code subscriber} connection that answers every server offer by itself.
 * <pre>
 * try (TestPeer alice = TestPeer.connect(port, "alice", List.of(SrtpProfile.AEAD_AES_128_GCM))) {
 *     alice.join("r1");
 *     PublisherConnection pub = alice.publish(Duration.ofSeconds(10));
 *     pub.sender().start(Duration.ofMillis(10));
 * }
 * </pre>
 * Signaling listeners run on the WebSocket thread; offer handling runs on a single thread of its own.
 */
public final class TestPeer implements AutoCloseable {
    private final String name;
    private final SignalingClient signaling;
    private final PeerCertificate certificate = PeerCertificate.generate();
    private final List<SrtpProfile> profiles;
    private final SubscriberConnection subscriber;
    private final ExecutorService offerHandler;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile PublisherConnection publisher;
    private volatile String participantId;

    private TestPeer(SignalingClient signaling, String name, List<SrtpProfile> profiles) throws IOException {
        this.name = name;
        this.signaling = signaling;
        this.profiles = List.copyOf(profiles);
        this.subscriber = new SubscriberConnection(name, certificate, profiles);
        this.offerHandler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "signaling-" + name);
            t.setDaemon(true);
            return t;
        });
        signaling.addListener(this::onMessage);
    }

    /** Opens the WebSocket to {@code ws://127.0.0.1:<httpPort>/ws}; {@code profiles} are offered in use_srtp in this order. */
    public static TestPeer connect(int httpPort, String name, List<SrtpProfile> profiles)
            throws IOException, InterruptedException, TimeoutException {
        SignalingClient s = SignalingClient.connect(URI.create("ws://127.0.0.1:" + httpPort + "/ws"), Duration.ofSeconds(5));
        return new TestPeer(s, name, profiles);
    }

    public String name() {
        return name;
    }

    public SignalingClient signaling() {
        return signaling;
    }

    public SubscriberConnection subscriber() {
        return subscriber;
    }

    public PublisherConnection publisher() {
        return publisher;
    }

    public String participantId() {
        return participantId;
    }

    /** Things that went wrong on the peer's own threads (bad SDP, send failures); empty when all is well. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Sends {@code join} and waits for {@code joined}; returns our participant id. */
    public String join(String room) throws IOException, TimeoutException, InterruptedException {
        signaling.send(signaling.newMessage("join").put("room", room).put("name", name));
        JsonNode joined = signaling.await(m -> m.path("type").asText().equals("joined")
                || m.path("type").asText().equals("error"), Duration.ofSeconds(5));
        if (!joined.path("type").asText().equals("joined")) {
            throw new IllegalStateException(name + ": join failed: " + joined);
        }
        participantId = joined.path("participantId").asText();
        return participantId;
    }

    /** Offers audio+video on the publisher connection, applies the answer, and waits until ICE+DTLS are up. */
    public PublisherConnection publish(Duration timeout) throws Exception {
        return publish(timeout, true);
    }

    /** Publishes; with {@code transportCc} false the offer negotiates only REMB for congestion feedback. */
    public PublisherConnection publish(Duration timeout, boolean transportCc) throws Exception {
        PublisherConnection pub = new PublisherConnection(name, certificate, profiles, publisherTag());
        pub.transportCc = transportCc;
        publisher = pub;
        String offer = pub.offer();
        signaling.send(signaling.newMessage("offer").put("pc", "publisher").put("sdp", offer));
        JsonNode answer = signaling.await(m -> (m.path("type").asText().equals("answer")
                && m.path("pc").asText().equals("publisher")) || m.path("type").asText().equals("error"), timeout);
        if (!answer.path("type").asText().equals("answer")) {
            throw new IllegalStateException(name + ": publish failed: " + answer + "\noffer was:\n" + offer);
        }
        pub.onAnswer(RemoteSdp.parse(answer.path("sdp").asText()));
        sendLocalCandidate("publisher", pub.transport(), "0", 0);
        try {
            pub.transport().awaitConnected(timeout);
        } catch (TimeoutException | IllegalStateException e) {
            throw new IllegalStateException(name + ": publisher connection failed: " + e.getMessage()
                    + "\nsignaling errors: " + signaling.history().stream()
                    .filter(m -> m.path("type").asText().equals("error")).toList(), e);
        }
        return pub;
    }

    /** A number identifying this peer's media in payload trailers. */
    public int publisherTag() {
        return name.hashCode();
    }

    public void mute(String trackId, boolean muted) throws IOException {
        signaling.send(signaling.newMessage("mute").put("trackId", trackId).put("muted", muted));
    }

    private void onMessage(JsonNode m) {
        String type = m.path("type").asText();
        String pc = m.path("pc").asText();
        if (type.equals("candidate")) {
            JsonNode c = m.path("candidate");
            if (c.isObject() && c.hasNonNull("candidate")) {
                PeerTransport t = pc.equals("publisher") ? (publisher == null ? null : publisher.transport())
                        : subscriber.transport();
                if (t != null) {
                    t.addRemoteCandidate(c.path("candidate").asText());
                } else {
                    failures.add("candidate for " + pc + " before that connection exists: " + m);
                }
            }
        } else if (type.equals("offer") && pc.equals("subscriber")) {
            String sdp = m.path("sdp").asText();
            offerHandler.execute(() -> answerOffer(sdp));
        }
    }

    private void answerOffer(String sdpText) {
        try {
            RemoteSdp offer = RemoteSdp.parse(sdpText);
            String answer = subscriber.onOffer(offer);
            signaling.send(signaling.newMessage("answer").put("pc", "subscriber").put("sdp", answer));
            if (subscriber.startIfNeeded(offer)) {
                RemoteSdp.Section first = offer.activeSections().get(0);
                sendLocalCandidate("subscriber", subscriber.transport(), first.mid(), first.index);
            }
        } catch (Exception e) {
            failures.add("answering subscriber offer failed: " + e + "\n" + sdpText);
        }
    }

    /** Trickles our one host candidate, then end-of-candidates (candidate null). */
    private void sendLocalCandidate(String pc, PeerTransport t, String mid, int mLineIndex) throws IOException {
        ObjectNode msg = signaling.newMessage("candidate").put("pc", pc);
        msg.putObject("candidate").put("candidate", t.localCandidate()).put("sdpMid", mid).put("sdpMLineIndex", mLineIndex);
        signaling.send(msg);
        ObjectNode end = signaling.newMessage("candidate").put("pc", pc);
        end.putNull("candidate");
        signaling.send(end);
    }

    /** Sends {@code leave} (best effort), closes the WebSocket and both connections. */
    @Override
    public void close() {
        try {
            signaling.send(signaling.newMessage("leave"));
        } catch (IOException | RuntimeException ignored) {
            // The server may be gone already.
        }
        offerHandler.shutdownNow();
        try {
            offerHandler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PublisherConnection p = publisher;
        if (p != null) {
            p.close();
        }
        subscriber.close();
        signaling.close();
    }
}

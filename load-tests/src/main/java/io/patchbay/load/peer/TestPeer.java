package io.patchbay.load.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * Session lifecycle (docs/protocol.md): {@link #dropSignaling} / {@link #closeSignaling} lose the WebSocket,
 * {@link #resume} continues the session on a new one with the {@code reconnectToken} from {@code joined} (media
 * connections untouched), {@link #restartPublisherIce} / {@link #restartSubscriberIce} restart ICE without a new
 * DTLS handshake, and {@link #blackhole} makes the peer's network vanish.
 *
 * <p>Signaling listeners run on the WebSocket thread; offers and subscriber candidates are handled in order on a
 * single thread of their own. Messages from every socket this peer opened are handled (a socket being taken over
 * still delivers until the server closes it); answers go back on the socket the offer came on.
 */
public final class TestPeer implements AutoCloseable {
    private static final Duration SIGNALING_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final URI uri;
    private final PeerCertificate certificate = PeerCertificate.generate();
    private final List<SrtpProfile> profiles;
    private final SubscriberConnection subscriber;
    private final ExecutorService offerHandler;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    /** Offers received while answers were held, not answered. */
    private final List<RemoteSdp> heldOffers = new CopyOnWriteArrayList<>();
    private volatile SignalingClient signaling;
    private volatile PublisherConnection publisher;
    private volatile String participantId;
    private volatile String room;
    private volatile String reconnectToken;
    private volatile boolean holdAnswers;

    private TestPeer(SignalingClient signaling, URI uri, String name, List<SrtpProfile> profiles) throws IOException {
        this.name = name;
        this.uri = uri;
        this.profiles = List.copyOf(profiles);
        this.subscriber = new SubscriberConnection(name, certificate, profiles);
        this.offerHandler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "signaling-" + name);
            t.setDaemon(true);
            return t;
        });
        attach(signaling);
    }

    /** Opens the WebSocket to {@code ws://127.0.0.1:<httpPort>/ws}; {@code profiles} are offered in use_srtp in this order. */
    public static TestPeer connect(int httpPort, String name, List<SrtpProfile> profiles)
            throws IOException, InterruptedException, TimeoutException {
        URI uri = URI.create("ws://127.0.0.1:" + httpPort + "/ws");
        return new TestPeer(SignalingClient.connect(uri, SIGNALING_TIMEOUT), uri, name, profiles);
    }

    /**
     * Pays the JVM's first-use costs of the peer's crypto (jitsi-srtp picks its AES implementation by a benchmark,
     * BouncyCastle initializes its EC code) before anything is timed; seconds on a busy machine.
     */
    public static void warmUp(List<SrtpProfile> profiles) {
        PeerCertificate.generate();
        for (SrtpProfile p : profiles) {
            SrtpSession.warmUp(p);
        }
    }

    private void attach(SignalingClient s) {
        s.addListener(m -> onMessage(s, m));
        signaling = s;
    }

    public String name() {
        return name;
    }

    /** The current WebSocket (a new one after {@link #reconnectSignaling} or {@link #resume}). */
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

    /** The secret from the latest {@code joined}, or null before. */
    public String reconnectToken() {
        return reconnectToken;
    }

    public String room() {
        return room;
    }

    /** Things that went wrong on the peer's own threads (bad SDP, send failures); empty when all is well. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Sends {@code join} and waits for {@code joined}; returns our participant id. */
    public String join(String room) throws IOException, TimeoutException, InterruptedException {
        return join(room, true);
    }

    /** As {@link #join(String)}; with {@code autoSubscribe} false only tracks asked for with {@link #subscribe} come. */
    public String join(String room, boolean autoSubscribe) throws IOException, TimeoutException, InterruptedException {
        return join(room, autoSubscribe, null);
    }

    /** As {@link #join(String, boolean)} with a join token ({@code null}: none; servers with access control need one). */
    public String join(String room, boolean autoSubscribe, String token)
            throws IOException, TimeoutException, InterruptedException {
        SignalingClient s = signaling;
        int mark = s.mark();
        ObjectNode join = s.newMessage("join").put("room", room).put("name", name);
        if (!autoSubscribe) join.put("autoSubscribe", false);
        if (token != null) join.put("token", token);
        s.send(join);
        JsonNode joined = s.await(mark, m -> isType(m, "joined") || isType(m, "error"), SIGNALING_TIMEOUT);
        if (!isType(joined, "joined")) {
            throw new IllegalStateException(name + ": join failed: " + joined);
        }
        onJoined(room, joined);
        return participantId;
    }

    private void onJoined(String room, JsonNode joined) {
        this.room = room;
        participantId = joined.path("participantId").asText();
        String token = joined.path("reconnectToken").asText(null);
        if (token != null) {
            reconnectToken = token;
        }
    }

    /** Loses the WebSocket without a close frame (TCP closed under it): to the server a lost socket, not a leave. */
    public void dropSignaling() {
        signaling.abort();
    }

    /** Loses the WebSocket with a close frame of {@code code} (e.g. 4001; 1000 and 1001 would count as leave). */
    public void closeSignaling(int code) {
        signaling.closeWith(code, "lost");
    }

    /** Opens a new WebSocket and makes it the current one; the old one is left as it is. */
    public SignalingClient reconnectSignaling() throws IOException, InterruptedException, TimeoutException {
        attach(SignalingClient.connect(uri, SIGNALING_TIMEOUT));
        return signaling;
    }

    /**
     * Resumes this session with the {@code reconnectToken} of the latest {@code joined} (docs/protocol.md, Session
     * lifecycle): on a new WebSocket if the current one was dropped or closed, else on the current one (the
     * server then closes any other socket of the session with 4000). Returns {@code joined}.
     */
    public JsonNode resume() throws IOException, InterruptedException, TimeoutException, SignalingErrorException {
        if (reconnectToken == null || room == null) {
            throw new IllegalStateException(name + ": never joined, nothing to resume");
        }
        return resume(room, reconnectToken);
    }

    /**
     * Sends {@code join} with {@code room} and {@code reconnectToken} and waits for {@code joined} with
     * {@code resumed: true}; media connections are kept as they are. Throws {@link ResumeFailedException} on
     * {@code error} {@code resume-failed} (the socket stays usable for a plain {@link #join}), and
     * {@link IllegalStateException} if the server answers with a fresh, not resumed, session.
     */
    public JsonNode resume(String room, String token)
            throws IOException, InterruptedException, TimeoutException, SignalingErrorException {
        SignalingClient s = signaling;
        if (s.dropped() || s.closeCode() >= 0) {
            s = reconnectSignaling();
        }
        int mark = s.mark();
        ObjectNode join = s.newMessage("join").put("room", room).put("name", name).put("reconnectToken", token);
        s.send(join);
        JsonNode reply = s.await(mark, m -> isType(m, "joined") || isType(m, "error"), SIGNALING_TIMEOUT);
        if (isType(reply, "error")) {
            if ("resume-failed".equals(reply.path("code").asText())) {
                throw new ResumeFailedException(reply);
            }
            throw new SignalingErrorException(name + ": resume failed", reply);
        }
        if (!reply.path("resumed").asBoolean(false)) {
            throw new IllegalStateException(name + ": join with a reconnectToken was not resumed: " + reply);
        }
        onJoined(room, reply);
        return reply;
    }

    /** Offers audio+video on the publisher connection, applies the answer, and waits until ICE+DTLS are up. */
    public PublisherConnection publish(Duration timeout) throws Exception {
        return publish(timeout, true);
    }

    /** Publishes; with {@code transportCc} false the offer negotiates only REMB for congestion feedback. */
    public PublisherConnection publish(Duration timeout, boolean transportCc) throws Exception {
        return publish(timeout, transportCc, Map.of());
    }

    /**
     * Publishes audio and video, the video declared a screen share ({@code "sources": {"1": "screen"}} in the
     * offer): this peer shares its screen and has no camera.
     */
    public PublisherConnection publishScreen(Duration timeout) throws Exception {
        return publish(timeout, true, Map.of("1", "screen"));
    }

    /** Publishes with the offer's {@code sources} (mid to "camera", "microphone" or "screen"). */
    private PublisherConnection publish(Duration timeout, boolean transportCc, Map<String, String> sources)
            throws Exception {
        PublisherConnection pub = offerAndApplyAnswer(timeout, transportCc, false, sources);
        SignalingClient s = signaling;
        try {
            pub.transport().awaitConnected(timeout);
        } catch (TimeoutException | IllegalStateException e) {
            throw new IllegalStateException(name + ": publisher connection failed: " + e.getMessage()
                    + "\nsignaling errors: " + s.history().stream().filter(m -> isType(m, "error")).toList(), e);
        }
        return pub;
    }

    /**
     * Abuse tests: publishes, but ignores the server's DTLS records, and returns once the ClientHello has gone out;
     * the server is left with a handshake that never completes until this peer closes.
     */
    public PublisherConnection publishAndAbandonDtls(Duration timeout) throws Exception {
        PublisherConnection pub = offerAndApplyAnswer(timeout, true, true, Map.of());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pub.transport().dtlsHandshakes() == 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException(name + ": no DTLS handshake started; " + pub.transport().diagnostics());
            }
            Thread.sleep(5);
        }
        return pub;
    }

    private PublisherConnection offerAndApplyAnswer(Duration timeout, boolean transportCc, boolean deafToDtls,
                                                    Map<String, String> sources) throws Exception {
        PublisherConnection pub = new PublisherConnection(name, certificate, profiles, publisherTag());
        pub.transportCc = transportCc;
        if (deafToDtls) {
            pub.transport().deafToDtls();
        }
        publisher = pub;
        String offer = pub.offer();
        JsonNode answer = offerPublisher(offer, timeout, sources);
        if (!isType(answer, "answer")) {
            throw new IllegalStateException(name + ": publish failed: " + answer + "\noffer was:\n" + offer);
        }
        pub.onAnswer(RemoteSdp.parse(answer.path("sdp").asText()));
        sendLocalCandidate(signaling, "publisher", pub.transport(), "0", 0);
        return pub;
    }

    /** Sends a publisher {@code offer}; returns the server's answer on that connection, or its error. */
    private JsonNode offerPublisher(String offer, Duration timeout) throws Exception {
        return offerPublisher(offer, timeout, Map.of());
    }

    private JsonNode offerPublisher(String offer, Duration timeout, Map<String, String> sources) throws Exception {
        SignalingClient s = signaling;
        int mark = s.mark();
        ObjectNode message = s.newMessage("offer").put("pc", "publisher").put("sdp", offer);
        if (!sources.isEmpty()) sources.forEach(message.putObject("sources")::put);
        s.send(message);
        return s.await(mark, m -> (isType(m, "answer") && m.path("pc").asText().equals("publisher"))
                || isType(m, "error"), timeout);
    }

    /**
     * Restarts ICE on the publisher connection (RFC 8445 section 9): an {@code offer} with a new ice-ufrag/pwd
     * and the same tracks, SSRCs and fingerprint; the answer's new credentials and the candidates trickled after
     * it; checks on the same socket or, with {@code newLocalPort}, on a new one (an address change). Media keeps
     * using the old pair until a check succeeds; no DTLS handshake. Throws {@link SignalingErrorException} if
     * the server answers the offer with an error.
     */
    public IceRestart restartPublisherIce(boolean newLocalPort, Duration timeout) throws Exception {
        PublisherConnection pub = publisher;
        if (pub == null) {
            throw new IllegalStateException(name + ": nothing published");
        }
        PeerTransport t = pub.transport();
        int generation = t.iceGeneration();
        InetSocketAddress oldLocal = t.localAddress();
        long started = System.nanoTime();
        t.prepareIceRestart(newLocalPort);
        SignalingClient s = signaling;
        JsonNode answer = offerPublisher(pub.offer(), timeout);
        if (!isType(answer, "answer")) {
            t.abandonIceRestart(new IllegalStateException("refused: " + answer));
            throw new SignalingErrorException(name + ": ICE restart offer refused", answer);
        }
        RemoteSdp previous = pub.onRestartAnswer(RemoteSdp.parse(answer.path("sdp").asText()));
        sendLocalCandidate(s, "publisher", t, "0", 0);
        t.awaitIceGeneration(generation + 1, timeout);
        return new IceRestart("publisher", previous.iceUfrag(), pub.answer().iceUfrag(), oldLocal, t.localAddress(),
                started, t.iceSelectedAtNanos());
    }

    /**
     * Restarts ICE on the subscriber connection: {@code {"type":"restart-ice","pc":"subscriber"}}, then the
     * server's offer with new credentials is answered with new ones of ours (see {@link SubscriberConnection})
     * and checks rerun on the same socket or, with {@code newLocalPort}, a new one. No DTLS handshake.
     */
    public IceRestart restartSubscriberIce(boolean newLocalPort, Duration timeout) throws Exception {
        PeerTransport t = subscriber.transport();
        int generation = t.iceGeneration();
        InetSocketAddress oldLocal = t.localAddress();
        String oldUfrag = subscriber.remoteUfrag();
        subscriber.nextRestartNewLocalPort = newLocalPort;
        long started = System.nanoTime();
        SignalingClient s = signaling;
        int mark = s.mark();
        s.send(s.newMessage("restart-ice").put("pc", "subscriber"));
        JsonNode reply = s.await(mark, m -> (isType(m, "offer") && m.path("pc").asText().equals("subscriber")
                && !java.util.Objects.equals(RemoteSdp.parse(m.path("sdp").asText()).iceUfrag(), oldUfrag))
                || isType(m, "error"),
                timeout);
        if (isType(reply, "error")) {
            throw new SignalingErrorException(name + ": restart-ice refused", reply);
        }
        t.awaitIceGeneration(generation + 1, timeout);
        return new IceRestart("subscriber", oldUfrag, subscriber.remoteUfrag(), oldLocal, t.localAddress(), started,
                t.iceSelectedAtNanos());
    }

    /** Makes (or stops making) both media connections silent both ways: no STUN answers, no media, no RTCP. */
    public void blackhole(boolean on) {
        PublisherConnection p = publisher;
        if (p != null) {
            p.transport().blackhole(on);
        }
        subscriber.transport().blackhole(on);
    }

    /**
     * While on, subscriber offers are recorded in {@link #heldOffers} and not answered (the server keeps waiting
     * for the answer); offers arriving after it is turned off are answered again.
     */
    public void holdSubscriberAnswers(boolean hold) {
        holdAnswers = hold;
    }

    public List<RemoteSdp> heldOffers() {
        return List.copyOf(heldOffers);
    }

    /** A number identifying this peer's media in payload trailers. */
    public int publisherTag() {
        return name.hashCode();
    }

    public void mute(String trackId, boolean muted) throws IOException {
        SignalingClient s = signaling;
        s.send(s.newMessage("mute").put("trackId", trackId).put("muted", muted));
    }

    /** {@code update-subscription}; {@code maxHeight} null for no limit. */
    public void updateSubscription(String trackId, Integer maxHeight, boolean paused) throws IOException {
        updateSubscription(trackId, maxHeight, null, paused);
    }

    /** {@code update-subscription} with a frame rate limit too ({@code null}: no limit). */
    public void updateSubscription(String trackId, Integer maxHeight, Integer maxFrameRate, boolean paused)
            throws IOException {
        SignalingClient s = signaling;
        ObjectNode m = s.newMessage("update-subscription").put("trackId", trackId).put("paused", paused);
        if (maxHeight != null) m.put("maxHeight", maxHeight.intValue());
        if (maxFrameRate != null) m.put("maxFrameRate", maxFrameRate.intValue());
        s.send(m);
    }

    /** {@code subscribe} ({@code true}) or {@code unsubscribe} these tracks. */
    public void subscribe(boolean subscribe, List<String> trackIds) throws IOException {
        SignalingClient s = signaling;
        ObjectNode m = s.newMessage(subscribe ? "subscribe" : "unsubscribe");
        trackIds.forEach(m.putArray("trackIds")::add);
        s.send(m);
    }

    /** {@code pin}: these participants' video besides last-N, replacing earlier pins (empty: none). */
    public void pin(List<String> participantIds) throws IOException {
        SignalingClient s = signaling;
        ObjectNode m = s.newMessage("pin");
        participantIds.forEach(m.putArray("participantIds")::add);
        s.send(m);
    }

    private void onMessage(SignalingClient via, JsonNode m) {
        String type = m.path("type").asText();
        String pc = m.path("pc").asText();
        if (type.equals("candidate")) {
            JsonNode c = m.path("candidate");
            if (c.isObject() && c.hasNonNull("candidate")) {
                String line = c.path("candidate").asText();
                if (pc.equals("subscriber")) {
                    // After the offer before it: an ICE restart's candidates belong to the new generation.
                    offerHandler.execute(() -> subscriber.transport().addRemoteCandidate(line));
                } else if (publisher != null) {
                    publisher.transport().addRemoteCandidate(line);
                } else {
                    failures.add("candidate for " + pc + " before that connection exists: " + m);
                }
            }
        } else if (type.equals("offer") && pc.equals("subscriber")) {
            String sdp = m.path("sdp").asText();
            offerHandler.execute(() -> answerOffer(sdp, via));
        }
    }

    private void answerOffer(String sdpText, SignalingClient via) {
        try {
            RemoteSdp offer = RemoteSdp.parse(sdpText);
            if (holdAnswers) {
                heldOffers.add(offer);
                return;
            }
            SubscriberConnection.Answer answer = subscriber.onOffer(offer);
            try {
                via.send(via.newMessage("answer").put("pc", "subscriber").put("sdp", answer.sdp()));
            } catch (IOException e) {
                if (!via.dropped() && via == signaling) {
                    throw e;
                }
                // A socket we dropped on purpose: the server sends the offer again after the resume.
            }
            subscriber.afterAnswer(answer, offer);
            if (answer.step() != SubscriberConnection.Step.NONE) {
                RemoteSdp.Section first = offer.activeSections().get(0);
                sendLocalCandidate(signaling, "subscriber", subscriber.transport(), first.mid(), first.index);
            }
        } catch (Exception e) {
            failures.add("answering subscriber offer failed: " + e + "\n" + sdpText);
        }
    }

    /** Trickles our one host candidate, then end-of-candidates (candidate null). */
    private void sendLocalCandidate(SignalingClient s, String pc, PeerTransport t, String mid, int mLineIndex)
            throws IOException {
        ObjectNode msg = s.newMessage("candidate").put("pc", pc);
        msg.putObject("candidate").put("candidate", t.localCandidate()).put("sdpMid", mid).put("sdpMLineIndex", mLineIndex);
        s.send(msg);
        ObjectNode end = s.newMessage("candidate").put("pc", pc);
        end.putNull("candidate");
        s.send(end);
    }

    private static boolean isType(JsonNode m, String type) {
        return type.equals(m.path("type").asText());
    }

    /** Sends {@code leave} (best effort), closes the WebSocket and both connections. */
    @Override
    public void close() {
        SignalingClient s = signaling;
        try {
            s.send(s.newMessage("leave"));
        } catch (IOException | RuntimeException ignored) {
            // The server may be gone already, or the socket was dropped on purpose.
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
        s.close();
    }
}

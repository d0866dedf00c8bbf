package io.patchbay.load.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The Janus side of the comparison: one Janus session (HTTP REST transport) whose handles are videoroom
 * publishers and subscribers, with the request sequence janus.js and the videoroom demo use (Janus 1.x,
 * multistream): publisher {@code join} then {@code publish} with our offer; subscriber {@code join} with
 * {@code "streams":[{"feed":id}]}, Janus's offer, then {@code start} with our answer.
 *
 * <p>Thread-safe: publish and subscribe may run concurrently on one client.
 */
public final class JanusVideoRoomClient implements AutoCloseable {
    static final String PLUGIN = "janus.plugin.videoroom";
    /** Far above any room we build, so the limit never shapes a run. */
    static final int MAX_PUBLISHERS = 100;

    private final JanusSession session;
    private final Duration requestTimeout;
    private final JanusHandle control;

    private JanusVideoRoomClient(JanusSession session, JanusHandle control, Duration requestTimeout) {
        this.session = session;
        this.control = control;
        this.requestTimeout = requestTimeout;
    }

    /** Creates a session on the Janus at {@code httpBase} (e.g. {@link JanusProcess#httpBase()}). */
    public static JanusVideoRoomClient connect(URI httpBase, Duration requestTimeout)
            throws IOException, InterruptedException, TimeoutException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // libmicrohttpd: no HTTP/2, skip the h2c upgrade attempt
                .connectTimeout(requestTimeout)
                .build();
        return connect(http, httpBase, requestTimeout);
    }

    /** As above, sharing {@code http} between clients (it keeps one connection per concurrent request). */
    public static JanusVideoRoomClient connect(HttpClient http, URI httpBase, Duration requestTimeout)
            throws IOException, InterruptedException, TimeoutException {
        JanusSession session = JanusSession.create(http, httpBase, requestTimeout);
        try {
            JanusHandle control = session.attach(PLUGIN, requestTimeout);
            return new JanusVideoRoomClient(session, control, requestTimeout);
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    public long sessionId() {
        return session.id();
    }

    /**
     * Creates a non-permanent room: VP8 video and Opus audio only, no bitrate cap (0: Janus sends no REMB cap of
     * its own), no periodic FIR, no recording, no join notifications. {@code roomId} 0 lets Janus pick one.
     * Returns the room id.
     */
    public long createRoom(long roomId) throws IOException, InterruptedException, TimeoutException {
        ObjectNode body = JanusSession.JSON.createObjectNode()
                .put("request", "create")
                .put("permanent", false)
                .put("description", "patchbay comparison")
                .put("publishers", MAX_PUBLISHERS)
                .put("bitrate", 0)
                .put("fir_freq", 0)
                .put("audiocodec", "opus")
                .put("videocodec", "vp8")
                .put("record", false)
                .put("notify_joining", false);
        if (roomId != 0) {
            body.put("room", roomId);
        }
        JsonNode reply = control.message(body, null, requestTimeout, "create room " + roomId);
        JsonNode data = reply.path("plugindata").path("data");
        if (!"created".equals(data.path("videoroom").asText())) {
            throw new IOException("create room " + roomId + ": unexpected reply " + JanusSession.brief(reply));
        }
        return data.path("room").asLong();
    }

    /** Destroys a room; its participants are kicked. */
    public void destroyRoom(long roomId) throws IOException, InterruptedException, TimeoutException {
        ObjectNode body = JanusSession.JSON.createObjectNode().put("request", "destroy").put("room", roomId);
        control.message(body, null, requestTimeout, "destroy room " + roomId);
    }

    /**
     * Joins {@code roomId} as a publisher and publishes with {@code offerSdp} (audio + video). Returns once
     * Janus answered; ICE/DTLS then run between the caller's transport and Janus ({@link
     * PublisherHandle#awaitWebrtcUp}). On failure the handle is detached.
     */
    public PublisherHandle publish(long roomId, String display, String offerSdp, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JanusHandle handle = session.attach(PLUGIN, left(deadline, timeout));
        try {
            ObjectNode join = JanusSession.JSON.createObjectNode()
                    .put("request", "join").put("ptype", "publisher").put("room", roomId).put("display", display);
            JsonNode joined = handle.message(join, null, left(deadline, timeout), "join room " + roomId + " as publisher");
            JsonNode joinedData = joined.path("plugindata").path("data");
            if (!"joined".equals(joinedData.path("videoroom").asText())) {
                throw new IOException("join room " + roomId + ": unexpected reply " + JanusSession.brief(joined));
            }
            long feedId = joinedData.path("id").asLong();

            ObjectNode publish = JanusSession.JSON.createObjectNode().put("request", "publish");
            JsonNode configured = handle.message(publish, JanusHandle.jsep("offer", offerSdp), left(deadline, timeout),
                    "publish feed " + feedId);
            String answer = sdpOf(configured, "answer", "publish feed " + feedId);
            return new PublisherHandle(handle, roomId, feedId, answer, requestTimeout);
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
            handle.detachQuietly();
            throw e;
        }
    }

    /**
     * Joins {@code roomId} as a subscriber to all streams of {@code feedId}; returns Janus's offer. The feed must
     * already be up (its publisher's {@code webrtcup}), or Janus answers 428 "No such feed". On failure the
     * handle is detached.
     */
    public SubscriberHandle subscribe(long roomId, long feedId, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JanusHandle handle = session.attach(PLUGIN, left(deadline, timeout));
        try {
            ObjectNode join = JanusSession.JSON.createObjectNode()
                    .put("request", "join").put("ptype", "subscriber").put("room", roomId);
            join.putArray("streams").addObject().put("feed", feedId);
            JsonNode attached = handle.message(join, null, left(deadline, timeout),
                    "subscribe to feed " + feedId + " in room " + roomId);
            if (!"attached".equals(attached.path("plugindata").path("data").path("videoroom").asText())) {
                throw new IOException("subscribe to feed " + feedId + ": unexpected reply " + JanusSession.brief(attached));
            }
            String offer = sdpOf(attached, "offer", "subscribe to feed " + feedId);
            return new SubscriberHandle(handle, roomId, feedId, offer, requestTimeout);
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
            handle.detachQuietly();
            throw e;
        }
    }

    private static String sdpOf(JsonNode reply, String type, String what) throws IOException {
        JsonNode jsep = reply.path("jsep");
        if (!type.equals(jsep.path("type").asText()) || !jsep.path("sdp").isTextual()) {
            throw new IOException(what + ": expected a JSEP " + type + " in " + JanusSession.brief(reply));
        }
        return jsep.path("sdp").asText();
    }

    private static Duration left(long deadlineNanos, Duration total) throws TimeoutException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException("Janus did not finish within " + total);
        }
        return Duration.ofNanos(left);
    }

    /** Destroys the session: Janus detaches every handle of it. */
    @Override
    public void close() {
        session.close();
    }
}

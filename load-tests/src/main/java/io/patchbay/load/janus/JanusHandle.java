package io.patchbay.load.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One plugin handle (one PeerConnection on the Janus side): plugin messages with optional JSEP, trickle, the
 * {@code webrtcup}/{@code hangup} lifecycle, and detach. Events without a waiting transaction (webrtcup, media,
 * slowlink, plugin notifications) go to the listeners, on the session's poll thread.
 */
final class JanusHandle {
    private static final System.Logger LOG = System.getLogger(JanusHandle.class.getName());

    private final JanusSession session;
    private final long id;
    private final CompletableFuture<Void> webrtcUp = new CompletableFuture<>();
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean detached;

    JanusHandle(JanusSession session, long id) {
        this.session = session;
        this.id = id;
    }

    long id() {
        return id;
    }

    /** Receives every event not claimed by a transaction, on the poll thread; must not block. */
    void addListener(Consumer<JsonNode> listener) {
        listeners.add(listener);
    }

    /**
     * Sends a plugin message and returns the final reply: the synchronous {@code success} or, after an
     * {@code ack}, the event carrying the transaction (which holds the JSEP, if any).
     */
    JsonNode message(ObjectNode body, JsonNode jsep, Duration timeout, String what)
            throws IOException, InterruptedException, TimeoutException {
        ObjectNode request = JanusSession.request("message");
        request.set("body", body);
        if (jsep != null) {
            request.set("jsep", jsep);
        }
        return session.send(session.handleUri(id), request, JanusSession.Reply.EVENT, timeout, what);
    }

    static ObjectNode jsep(String type, String sdp) {
        return JanusSession.JSON.createObjectNode().put("type", type).put("sdp", sdp);
    }

    /** Trickles one of our candidates; {@code candidateLine} with or without the "a=" prefix. */
    void trickle(String candidateLine, String sdpMid, int mLineIndex, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        String line = candidateLine.strip();
        if (line.startsWith("a=")) {
            line = line.substring(2);
        }
        ObjectNode request = JanusSession.request("trickle");
        request.putObject("candidate").put("candidate", line).put("sdpMid", sdpMid).put("sdpMLineIndex", mLineIndex);
        session.send(session.handleUri(id), request, JanusSession.Reply.IMMEDIATE, timeout, "trickle");
    }

    /** Tells Janus we have no more candidates. */
    void trickleCompleted(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        ObjectNode request = JanusSession.request("trickle");
        request.putObject("candidate").put("completed", true);
        session.send(session.handleUri(id), request, JanusSession.Reply.IMMEDIATE, timeout, "trickle completed");
    }

    /** Waits for Janus's {@code webrtcup} (ICE and DTLS done); a hangup before it fails with the reason. */
    void awaitWebrtcUp(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        try {
            webrtcUp.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("handle " + id, e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException("handle " + id + ": no webrtcup from Janus within " + timeout);
        }
    }

    boolean isWebrtcUp() {
        return webrtcUp.isDone() && !webrtcUp.isCompletedExceptionally();
    }

    /** Detaches the handle; Janus hangs up its PeerConnection and the plugin drops the participant. */
    void detach(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        if (detached) {
            return;
        }
        detached = true;
        try {
            session.send(session.handleUri(id), JanusSession.request("detach"), JanusSession.Reply.IMMEDIATE,
                    timeout, "detach handle " + id);
        } finally {
            session.forget(this);
            webrtcUp.completeExceptionally(new IOException("handle " + id + " detached"));
        }
    }

    /** Detach without caring whether Janus still knows the handle (cleanup paths). */
    void detachQuietly() {
        try {
            detach(Duration.ofSeconds(5));
        } catch (IOException | TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "detach handle " + id + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called on the poll thread. */
    void onEvent(JsonNode event) {
        switch (event.path("janus").asText()) {
            case "webrtcup" -> webrtcUp.complete(null);
            case "hangup" -> webrtcUp.completeExceptionally(new JanusException(JanusException.NO_CODE,
                    "hangup: " + event.path("reason").asText("?"), "handle " + id));
            case "detached" -> webrtcUp.completeExceptionally(new JanusException(JanusException.NO_CODE,
                    "detached by Janus", "handle " + id));
            default -> { }
        }
        for (Consumer<JsonNode> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "handle " + id + ": listener failed on "
                        + JanusSession.brief(event) + ": " + e);
            }
        }
    }

    void onSessionGone(IOException why) {
        webrtcUp.completeExceptionally(why);
    }
}

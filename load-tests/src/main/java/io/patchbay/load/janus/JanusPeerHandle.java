package io.patchbay.load.janus;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What publishers and subscribers share: one videoroom handle, hence one PeerConnection in Janus, with trickle
 * ICE towards Janus, the {@code webrtcup} wait, and detach on close.
 */
public abstract sealed class JanusPeerHandle implements AutoCloseable permits PublisherHandle, SubscriberHandle {
    final JanusHandle handle;
    final long roomId;
    final Duration requestTimeout;

    JanusPeerHandle(JanusHandle handle, long roomId, Duration requestTimeout) {
        this.handle = handle;
        this.roomId = roomId;
        this.requestTimeout = requestTimeout;
    }

    public long handleId() {
        return handle.id();
    }

    public long roomId() {
        return roomId;
    }

    /** Sends one of our ICE candidates ({@code candidate:...}, "a=" prefix allowed) to Janus. */
    public void trickle(String candidateLine, String sdpMid, int mLineIndex)
            throws IOException, InterruptedException, TimeoutException {
        handle.trickle(candidateLine, sdpMid, mLineIndex, requestTimeout);
    }

    /** End of our candidates. */
    public void trickleCompleted() throws IOException, InterruptedException, TimeoutException {
        handle.trickleCompleted(requestTimeout);
    }

    /** Waits for Janus's {@code webrtcup}: ICE connected and DTLS done on Janus's side. */
    public void awaitWebrtcUp(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        handle.awaitWebrtcUp(timeout);
    }

    public boolean isWebrtcUp() {
        return handle.isWebrtcUp();
    }

    /**
     * Events Janus sends this handle outside any request (e.g. {@code media}, {@code slowlink}, videoroom
     * notifications), delivered on the session's poll thread; the listener must not block.
     */
    public void onEvent(Consumer<JsonNode> listener) {
        handle.addListener(listener);
    }

    /** Detaches the handle: Janus hangs up the PeerConnection and the participant leaves the room. */
    @Override
    public void close() {
        handle.detachQuietly();
    }
}

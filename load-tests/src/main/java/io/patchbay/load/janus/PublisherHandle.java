package io.patchbay.load.janus;

import java.time.Duration;

/** A videoroom publisher: joined, offer sent with {@code publish}, Janus's answer received. */
public final class PublisherHandle extends JanusPeerHandle {
    private final long feedId;
    private final String answerSdp;

    PublisherHandle(JanusHandle handle, long roomId, long feedId, String answerSdp, Duration requestTimeout) {
        super(handle, roomId, requestTimeout);
        this.feedId = feedId;
        this.answerSdp = answerSdp;
    }

    /** Janus's id for this publisher in the room: what subscribers ask for. */
    public long feedId() {
        return feedId;
    }

    /** Janus's SDP answer to our offer. */
    public String answerSdp() {
        return answerSdp;
    }

    @Override
    public String toString() {
        return "publisher feed " + feedId + " in room " + roomId + " (handle " + handleId() + ")";
    }
}

package io.patchbay.load.janus;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A videoroom subscriber to one feed: Janus made the offer at join; {@link #start} sends our answer. Janus
 * subscriptions are sendonly from Janus, one m-line per stream of the feed.
 */
public final class SubscriberHandle extends JanusPeerHandle {
    private final long feedId;
    private final String offerSdp;

    SubscriberHandle(JanusHandle handle, long roomId, long feedId, String offerSdp, Duration requestTimeout) {
        super(handle, roomId, requestTimeout);
        this.feedId = feedId;
        this.offerSdp = offerSdp;
    }

    public long feedId() {
        return feedId;
    }

    /** Janus's SDP offer for this subscription. */
    public String offerSdp() {
        return offerSdp;
    }

    /** Sends our answer with the videoroom {@code start} request; returns when Janus confirms "started". */
    public void start(String answerSdp) throws IOException, InterruptedException, TimeoutException {
        JsonNode reply = handle.message(JanusSession.JSON.createObjectNode().put("request", "start"),
                JanusHandle.jsep("answer", answerSdp), requestTimeout, "start subscriber to feed " + feedId);
        String started = reply.path("plugindata").path("data").path("started").asText("");
        if (!started.equals("ok")) {
            throw new IOException("start subscriber to feed " + feedId + ": unexpected reply "
                    + JanusSession.brief(reply));
        }
    }

    @Override
    public String toString() {
        return "subscriber to feed " + feedId + " in room " + roomId + " (handle " + handleId() + ")";
    }
}

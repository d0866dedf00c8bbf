package io.patchbay.media.cc;

/**
 * Groups packets into bursts and gives the send-time and arrival-time deltas between consecutive complete groups
 * (draft-ietf-rmcat-gcc-02 section 5.2; libwebrtc's {@code InterArrivalDelta}). A group is the packets sent within
 * 5 ms of its first packet; a packet that arrives within 5 ms of the previous one with a smaller propagation delay
 * (a burst released by a queue) joins the group too, for at most 100 ms. The deltas of a group are available once the
 * first packet of the next group is seen.
 *
 * <p>Send times come from the local clock, arrival times from the remote one: only differences are used. Packets must
 * be fed in arrival order. Three groups in a row arriving before their predecessor reset the state.
 *
 * <p>Not thread-safe: owned by one media thread.
 */
public final class DelayBasedInterArrival {
    static final long GROUP_LENGTH_NANOS = 5_000_000L;
    static final long BURST_DELTA_NANOS = 5_000_000L;
    static final long MAX_BURST_NANOS = 100_000_000L;
    static final int REORDERED_RESET_THRESHOLD = 3;

    private boolean currentStarted;
    private long currentFirstSend;
    private long currentSend;
    private long currentFirstArrival;
    private long currentLastArrival;
    private long currentSize;

    private boolean havePrevious;
    private long previousSend;
    private long previousLastArrival;
    private long previousSize;

    private int consecutiveReordered;

    private long sendDeltaNanos;
    private long arrivalDeltaNanos;
    private long sizeDeltaBytes;

    /**
     * Adds one received packet; returns true when it closed a group and the deltas between the two previous complete
     * groups are ready in {@link #sendDeltaNanos()} and {@link #arrivalDeltaNanos()}.
     */
    public boolean onPacket(long sendNanos, long arrivalNanos, int sizeBytes) {
        boolean calculated = false;
        if (!currentStarted) {
            startGroup(sendNanos, arrivalNanos);
        } else if (sendNanos < currentFirstSend) {
            return false; // sent before the current group: a reordered packet, ignored
        } else if (isNewGroup(sendNanos, arrivalNanos)) {
            if (havePrevious) {
                long sendDelta = currentSend - previousSend;
                long arrivalDelta = currentLastArrival - previousLastArrival;
                if (arrivalDelta < 0) {
                    if (++consecutiveReordered >= REORDERED_RESET_THRESHOLD) {
                        reset();
                    }
                    return false;
                }
                consecutiveReordered = 0;
                sendDeltaNanos = sendDelta;
                arrivalDeltaNanos = arrivalDelta;
                sizeDeltaBytes = currentSize - previousSize;
                calculated = true;
            }
            havePrevious = true;
            previousSend = currentSend;
            previousLastArrival = currentLastArrival;
            previousSize = currentSize;
            startGroup(sendNanos, arrivalNanos);
        } else {
            currentSend = Math.max(currentSend, sendNanos);
        }
        currentSize += sizeBytes;
        currentLastArrival = arrivalNanos;
        return calculated;
    }

    public long sendDeltaNanos() {
        return sendDeltaNanos;
    }

    public long arrivalDeltaNanos() {
        return arrivalDeltaNanos;
    }

    public long sizeDeltaBytes() {
        return sizeDeltaBytes;
    }

    public void reset() {
        currentStarted = false;
        havePrevious = false;
        consecutiveReordered = 0;
        currentSize = 0;
    }

    private void startGroup(long sendNanos, long arrivalNanos) {
        currentStarted = true;
        currentFirstSend = sendNanos;
        currentSend = sendNanos;
        currentFirstArrival = arrivalNanos;
        currentSize = 0;
    }

    private boolean isNewGroup(long sendNanos, long arrivalNanos) {
        if (belongsToBurst(sendNanos, arrivalNanos)) {
            return false;
        }
        return sendNanos - currentFirstSend > GROUP_LENGTH_NANOS;
    }

    private boolean belongsToBurst(long sendNanos, long arrivalNanos) {
        long arrivalDelta = arrivalNanos - currentLastArrival;
        long sendDelta = sendNanos - currentSend;
        if (sendDelta == 0) {
            return true;
        }
        long propagationDelta = arrivalDelta - sendDelta;
        return propagationDelta < 0 && arrivalDelta <= BURST_DELTA_NANOS
                && arrivalNanos - currentFirstArrival < MAX_BURST_NANOS;
    }
}

package io.patchbay.media.cc;

/**
 * Measures what the path delivered during one probe cluster: every packet sent to the subscriber while the cluster
 * was on (media and padding) is tagged with the cluster's id; from their feedback, the rate they were sent at and
 * the rate they arrived at. The path carries at least the smaller of the two (libwebrtc's ProbeBitrateEstimator
 * does the same; packet sizes after the first over the send or receive span). Pure, allocation-free.
 */
final class ProbeClusterMeter {
    /** Fewer received packets than this measure nothing. */
    static final int MIN_PACKETS = 10;
    /** A cluster that lost more than this is not a success, whatever it measured. */
    static final double MAX_LOSS = 0.1;

    private int clusterId;
    private int sent;
    private int received;
    private int lost;
    private long bytesAfterFirstSent;
    private long bytesReceived;
    private long firstSendNanos;
    private long lastSendNanos;
    private long firstReceiveNanos;
    private long lastReceiveNanos;
    private int firstSendSize;
    private int firstReceiveSize;

    /** Starts measuring {@code id}; what was measured of the previous cluster is dropped. */
    void start(int id) {
        clusterId = id;
        sent = 0;
        received = 0;
        lost = 0;
        bytesAfterFirstSent = 0;
        bytesReceived = 0;
        lastSendNanos = 0;
    }

    int clusterId() {
        return clusterId;
    }

    int sent() {
        return sent;
    }

    /** A packet of the cluster went out. */
    void onSent(long sendNanos, int sizeBytes) {
        if (sent == 0) {
            firstSendNanos = sendNanos;
            firstSendSize = sizeBytes;
        } else {
            bytesAfterFirstSent += sizeBytes;
        }
        lastSendNanos = sent == 0 ? sendNanos : Math.max(lastSendNanos, sendNanos);
        sent++;
    }

    /** Feedback on a packet of the cluster. */
    void onResult(boolean arrived, long receiveNanos, int sizeBytes) {
        if (!arrived) {
            lost++;
            return;
        }
        if (received == 0 || receiveNanos < firstReceiveNanos) {
            firstReceiveNanos = receiveNanos;
            firstReceiveSize = sizeBytes;
        }
        if (received == 0 || receiveNanos > lastReceiveNanos) lastReceiveNanos = receiveNanos;
        bytesReceived += sizeBytes;
        received++;
    }

    /** Packets the feedback has spoken of so far. */
    int reported() {
        return received + lost;
    }

    /**
     * What the path carried during the cluster, in bps: min(send rate, receive rate); -1 when too little arrived to
     * tell, or when too much was lost for it to count.
     */
    long resultBps() {
        if (received < MIN_PACKETS || lost > MAX_LOSS * (received + lost)) return -1;
        long sendSpan = lastSendNanos - firstSendNanos;
        long receiveSpan = lastReceiveNanos - firstReceiveNanos;
        if (sendSpan <= 0 || receiveSpan <= 0) return -1;
        long sendBps = bytesAfterFirstSent * 8L * 1_000_000_000L / sendSpan;
        long receiveBps = (bytesReceived - firstReceiveSize) * 8L * 1_000_000_000L / receiveSpan;
        return Math.min(sendBps, receiveBps);
    }
}

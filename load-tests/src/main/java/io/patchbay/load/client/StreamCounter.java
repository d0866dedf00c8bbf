package io.patchbay.load.client;

/**
 * Receive counters of one SSRC at a sink: packets and the extended highest sequence number (RFC 3550
 * appendix A.1), so that loss over a window is (highest-sequence advance) - (packets received). Written by one
 * receive-loop thread; read (racy but monotonic) by the step measurement.
 */
final class StreamCounter {
    final int ssrc;
    private volatile long received;
    private volatile long extendedHighest = -1;
    private long sampleCountdown;
    /** Whether a keyframe was seen on this stream (receive-loop thread; only when keyframes are watched). */
    boolean keyframeSeen;
    /** While waiting for a keyframe: when the next PLI may go (receive-loop thread). */
    long nextPliNanos;

    StreamCounter(int ssrc) {
        this.ssrc = ssrc;
    }

    /** Counts one packet; returns whether this packet should be authenticated and timed (1 in {@code sampleEvery}). */
    boolean onPacket(int seq, int sampleEvery) {
        long highest = extendedHighest;
        if (highest < 0) {
            extendedHighest = seq;
        } else {
            int delta = (short) (seq - (int) (highest & 0xFFFF)); // signed 16-bit distance
            if (delta > 0) extendedHighest = highest + delta;
        }
        received++;
        if (--sampleCountdown <= 0) {
            sampleCountdown = sampleEvery;
            return true;
        }
        return false;
    }

    long received() {
        return received;
    }

    long extendedHighest() {
        return extendedHighest;
    }
}

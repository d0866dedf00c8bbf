package io.patchbay.media.forward;

/**
 * Rewrites a source stream's sequence numbers and timestamps into one subscriber's continuous output stream. Pure
 * decision code: given a packet's source seq/ts it returns the translation or a drop, and it never touches a buffer.
 *
 * <p>Each subscriber stream starts at a random sequence number and timestamp. When the source changes (simulcast
 * layer switch, publisher restart, resume after a pause), {@link #rebase} makes the next packet continue right after
 * the last one sent, with the timestamp advanced by the wall-clock gap, so the receiver sees no jump.
 */
final class RtpMunger {
    private boolean started;
    private boolean rebasePending = true;
    private int seqOffset;
    private long tsOffset;
    private int highestSourceSeq;
    /** Packets of this run so far, unwrapped: the highest source sequence number is this far from the first. */
    private long highestInRun;
    private int lastOutSeq;
    private long lastOutTs;
    private long lastOutNanos;
    private final int clockRateHz;

    /** Result of the last {@link #translate} call (valid when it returned true). */
    int outSeq;
    long outTs;

    RtpMunger(int clockRateHz, int initialSeq, long initialTs) {
        this.clockRateHz = clockRateHz;
        this.lastOutSeq = (initialSeq - 1) & 0xFFFF;
        this.lastOutTs = initialTs & 0xFFFFFFFFL;
    }

    /** The next packet starts a new run (new source, or after a pause): continue after the last packet sent. */
    void rebase() {
        rebasePending = true;
    }

    /**
     * Translates a source packet. Returns false if the packet must be dropped (older than the first packet of the
     * current run).
     */
    boolean translate(int sourceSeq, long sourceTs, long nowNanos) {
        if (rebasePending) {
            long elapsedTicks = started ? Math.max(1, (nowNanos - lastOutNanos) * clockRateHz / 1_000_000_000L) : 0;
            seqOffset = ((lastOutSeq + 1) - sourceSeq) & 0xFFFF;
            tsOffset = (lastOutTs + elapsedTicks - sourceTs) & 0xFFFFFFFFL;
            highestSourceSeq = sourceSeq;
            highestInRun = 0;
            rebasePending = false;
            started = true;
        } else {
            int delta = (short) (sourceSeq - highestSourceSeq);
            if (highestInRun + delta < 0) {
                // From before the run's first packet (a late packet of the old source, or of the new one from before
                // the keyframe it started on): its output number would land among what the last run already sent.
                return false;
            }
            if (delta > 0) {
                highestSourceSeq = sourceSeq;
                highestInRun += delta;
            } else if (delta < -1000) {
                return false; // far older than anything of this run
            }
        }
        outSeq = (sourceSeq + seqOffset) & 0xFFFF;
        outTs = (sourceTs + tsOffset) & 0xFFFFFFFFL;
        if ((short) (outSeq - lastOutSeq) > 0) {
            lastOutSeq = outSeq;
            lastOutTs = outTs;
            lastOutNanos = nowNanos;
        }
        return true;
    }

    boolean started() {
        return started;
    }

    /** Last timestamp sent and when, for Sender Reports. */
    long lastOutTimestamp() {
        return lastOutTs;
    }

    long lastOutNanos() {
        return lastOutNanos;
    }

    /** Offset added to source timestamps in the current run (to translate the publisher's SR mapping). */
    long timestampOffset() {
        return tsOffset;
    }
}

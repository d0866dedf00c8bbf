package io.patchbay.media.forward;

import io.patchbay.media.util.DroppedPositions;

/**
 * Rewrites a source stream's sequence numbers and timestamps into one subscriber's continuous output stream. Pure
 * decision code: given a packet's source seq/ts it returns the translation or a drop, and it never touches a buffer.
 *
 * <p>Each subscriber stream starts at a random sequence number and timestamp. When the source changes (simulcast
 * layer switch, publisher restart, resume after a pause), {@link #rebase} makes the next packet continue right after
 * the last one sent, with the timestamp advanced by the wall-clock gap, so the receiver sees no jump. Packets of
 * the run that the forwarder drops on purpose (a temporal layer above the subscriber's, a spatial layer it does not
 * need) are {@link #drop}ped: the numbers after them close up ({@link DroppedPositions}), so the receiver sees no loss
 * and sends no NACK for them.
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
    /** Dropped positions of this run (unwrapped, counted from its first packet). */
    private final DroppedPositions dropped = new DroppedPositions();

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
     * Whether {@link #translate} would take this packet: false when it is older than the first packet of the current
     * run (a late packet of the old source, or of the new one from before the keyframe it started on: its output
     * number would land among what the last run already sent), or far older than anything of this run.
     */
    boolean accepts(int sourceSeq) {
        if (rebasePending) return true;
        int delta = (short) (sourceSeq - highestSourceSeq);
        return highestInRun + delta >= 0 && delta >= -1000;
    }

    /**
     * Translates a source packet. Returns false if the packet must be dropped ({@link #accepts} said no).
     */
    boolean translate(int sourceSeq, long sourceTs, long nowNanos) {
        if (rebasePending) {
            long elapsedTicks = started ? Math.max(1, (nowNanos - lastOutNanos) * clockRateHz / 1_000_000_000L) : 0;
            seqOffset = ((lastOutSeq + 1) - sourceSeq) & 0xFFFF;
            tsOffset = (lastOutTs + elapsedTicks - sourceTs) & 0xFFFFFFFFL;
            highestSourceSeq = sourceSeq;
            highestInRun = 0;
            dropped.reset();
            rebasePending = false;
            started = true;
        } else if (!accepts(sourceSeq)) {
            return false;
        }
        long position = advance(sourceSeq);
        dropped.seen(position);
        outSeq = (int) (sourceSeq + seqOffset - dropped.dropsBefore(position)) & 0xFFFF;
        outTs = (sourceTs + tsOffset) & 0xFFFFFFFFL;
        if ((short) (outSeq - lastOutSeq) > 0) {
            lastOutSeq = outSeq;
            lastOutTs = outTs;
            lastOutNanos = nowNanos;
        }
        return true;
    }

    /**
     * A packet of the current run that will not be sent: the packets after it take its number. Before the first
     * packet of a run there is nothing to close up.
     */
    void drop(int sourceSeq) {
        if (rebasePending || !accepts(sourceSeq)) return;
        dropped.drop(advance(sourceSeq));
    }

    /** The packet's position in the run (0 = the first), moving the run's highest position forward. */
    private long advance(int sourceSeq) {
        int delta = (short) (sourceSeq - highestSourceSeq);
        long position = highestInRun + delta;
        if (delta > 0) {
            highestSourceSeq = sourceSeq;
            highestInRun = position;
        }
        return position;
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

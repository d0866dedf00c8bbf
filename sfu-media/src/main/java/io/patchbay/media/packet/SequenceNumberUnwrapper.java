package io.patchbay.media.packet;

/**
 * Turns 16-bit RTP sequence numbers into a 64-bit extended count that keeps growing across wrap-arounds. Each value
 * is placed within half the 16-bit space (32768) of the highest extended value seen so far, so late and reordered
 * packets unwrap to their true (smaller) position and do not move the reference. The first value unwraps to itself;
 * a packet from before it across a wrap unwraps to a negative number. A jump forward of more than 32768 is
 * indistinguishable from a late packet and is treated as one.
 *
 * <p>Not thread-safe: one per receive stream, used on its media thread.
 */
public final class SequenceNumberUnwrapper {
    private boolean started;
    private long highest;

    /** Unwraps {@code seq} (masked to 16 bits) and advances the reference if it is the newest so far. */
    public long unwrap(int seq) {
        long extended = peek(seq);
        if (!started || extended > highest) {
            highest = extended;
            started = true;
        }
        return extended;
    }

    /** What {@link #unwrap} would return, without changing the reference. */
    public long peek(int seq) {
        int s = seq & 0xFFFF;
        if (!started) {
            return s;
        }
        return highest + SequenceNumbers.diff(s, (int) highest);
    }

    /** Highest extended sequence number so far; meaningless before the first {@link #unwrap}. */
    public long highest() {
        return highest;
    }

    /** True once a sequence number has been unwrapped. */
    public boolean started() {
        return started;
    }

    /** Forgets all history; the next value unwraps to itself. */
    public void reset() {
        started = false;
        highest = 0;
    }
}

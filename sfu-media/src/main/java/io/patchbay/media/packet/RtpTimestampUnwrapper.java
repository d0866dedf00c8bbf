package io.patchbay.media.packet;

/**
 * Turns 32-bit RTP timestamps into a 64-bit extended value that keeps growing across wrap-arounds. Each value is
 * placed within half the 32-bit space of the highest extended value seen so far, so timestamps of reordered packets
 * (or of older frames) unwrap below it without moving the reference. Exactly half the space apart, the numerically
 * larger value counts as newer. The first value unwraps to itself.
 *
 * <p>Not thread-safe: one per stream, used on its media thread.
 */
public final class RtpTimestampUnwrapper {
    private boolean started;
    private long highest;

    /** Unwraps {@code timestamp} (low 32 bits used) and advances the reference if it is the newest so far. */
    public long unwrap(long timestamp) {
        long extended = peek(timestamp);
        if (!started || extended > highest) {
            highest = extended;
            started = true;
        }
        return extended;
    }

    /** What {@link #unwrap} would return, without changing the reference. */
    public long peek(long timestamp) {
        long t = timestamp & 0xFFFF_FFFFL;
        if (!started) {
            return t;
        }
        return highest + diff(t, highest & 0xFFFF_FFFFL);
    }

    /**
     * Signed distance from {@code b} to {@code a} in 32-bit space, in -(2^31-1)..2^31: positive when {@code a} is
     * newer.
     */
    public static long diff(long a, long b) {
        long d = (a - b) & 0xFFFF_FFFFL;
        if (d == 0x8000_0000L) {
            return (a & 0xFFFF_FFFFL) > (b & 0xFFFF_FFFFL) ? d : -d;
        }
        return (int) d;
    }

    /** Highest extended timestamp so far; meaningless before the first {@link #unwrap}. */
    public long highest() {
        return highest;
    }

    /** Forgets all history; the next value unwraps to itself. */
    public void reset() {
        started = false;
        highest = 0;
    }
}

package io.patchbay.media.util;

import java.util.Arrays;

/**
 * The positions (unwrapped sequence numbers, picture ids) a forwarder deliberately dropped from a stream, so that
 * the numbers it sends stay continuous: each forwarded position moves down by the drops before it. Works when packets
 * arrive out of order too: a late packet is moved only by the drops before it, not by drops that came after it, so no
 * two packets get the same number (the scheme mediasoup's SeqManager uses). Only a drop newer than everything seen
 * closes its gap; a late one is left as a gap (the receiver takes it for a loss), since the numbers after it are
 * already out. Remembers the last {@link #WINDOW} positions; anything older counts as before every drop in the window.
 * Allocation-free; not thread-safe.
 */
public final class DroppedPositions {
    public static final int WINDOW = 1024;
    private final long[] bits = new long[WINDOW / 64];
    private long highest = Long.MIN_VALUE;
    private long total;

    /** Forget everything (a new run starts). */
    public void reset() {
        Arrays.fill(bits, 0);
        highest = Long.MIN_VALUE;
        total = 0;
    }

    /** A position was forwarded (or is about to be): newer positions move the window. */
    public void seen(long position) {
        if (highest == Long.MIN_VALUE) {
            highest = position;
            return;
        }
        if (position <= highest) return;
        if (position - highest >= WINDOW) {
            Arrays.fill(bits, 0);
        } else {
            for (long p = highest + 1; p <= position; p++) clear(p);
        }
        highest = position;
    }

    /**
     * Drops a position. Returns true when its gap is closed (it was newer than everything seen); a position already
     * counted, or older than the newest, changes nothing.
     */
    public boolean drop(long position) {
        if (highest != Long.MIN_VALUE && position <= highest) return false;
        seen(position);
        bits[index(position)] |= bit(position);
        total++;
        return true;
    }

    /** How many dropped positions come before {@code position}: what to subtract from it. */
    public long dropsBefore(long position) {
        if (highest == Long.MIN_VALUE || position > highest) return total;
        if (highest - position >= WINDOW) return total - countWindow(highest - WINDOW + 1);
        return total - countWindow(position);
    }

    /** Drops in [from, highest]. */
    private long countWindow(long from) {
        long n = 0;
        for (long p = from; p <= highest; p++) {
            if ((bits[index(p)] & bit(p)) != 0) n++;
        }
        return n;
    }

    private void clear(long p) {
        bits[index(p)] &= ~bit(p);
    }

    private static int index(long p) {
        return (int) ((p & (WINDOW - 1)) >>> 6);
    }

    private static long bit(long p) {
        return 1L << (p & 63);
    }
}

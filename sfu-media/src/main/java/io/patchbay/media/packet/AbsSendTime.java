package io.patchbay.media.packet;

/**
 * The abs-send-time header extension value (http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time): 24 bits,
 * 6.18 fixed-point seconds, wrapping every 64 seconds. Stateless; any thread.
 *
 * <pre>
 *  0                   1                   2
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  seconds  |         fraction (1/2^18 s)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class AbsSendTime {
    /** One unit of the value: 2^-18 seconds, about 3.8 microseconds. */
    public static final int UNITS_PER_SECOND = 1 << 18;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private AbsSendTime() {
    }

    /**
     * Converts a time in nanoseconds (any origin, e.g. {@code System.nanoTime()}, may be negative) to the 24-bit value,
     * rounding to the nearest unit.
     */
    public static int fromNanos(long nanos) {
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long fraction = Math.floorMod(nanos, NANOS_PER_SECOND); // 0..999_999_999, so fraction << 18 fits easily
        long units = ((seconds & 63) << 18) + ((fraction << 18) + NANOS_PER_SECOND / 2) / NANOS_PER_SECOND;
        return (int) (units & 0xFF_FFFF);
    }

    /** Converts a 24-bit value back to nanoseconds within its 64-second window (0..64e9). */
    public static long toNanos(int value24) {
        long units = value24 & 0xFF_FFFFL;
        return (units * NANOS_PER_SECOND + UNITS_PER_SECOND / 2) >> 18;
    }
}

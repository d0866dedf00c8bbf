package io.patchbay.media.packet;

/**
 * NTP timestamps as RTCP carries them (RFC 3550 section 4): 64 bits, seconds since 1900-01-01 in the high 32 bits and
 * the fraction of a second in the low 32 bits, held in a Java {@code long} as raw bits (negative from 1968 on, since
 * the top bit is set). The "compact" form is the middle 32 bits (16.16 seconds): the LSR field of a report block, and
 * the unit of DLSR.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  seconds since 1900 (MSW)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  fraction of a second (LSW)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                  |<---- compact (middle 32 bits) ---->|
 * </pre>
 *
 * Decoding handles the 2036 era roll-over as RFC 4330 section 3 suggests: a seconds value with the top bit clear is
 * taken to be after 2036-02-07, so dates from 1968 to 2104 come back right. Stateless; any thread.
 */
public final class NtpTime {
    /** Seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Java epoch). */
    public static final long EPOCH_OFFSET_SECONDS = 2_208_988_800L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MILLIS_PER_SECOND = 1_000L;

    private NtpTime() {
    }

    /** Milliseconds since the Java epoch to a 64-bit NTP timestamp. */
    public static long fromEpochMillis(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, MILLIS_PER_SECOND) + EPOCH_OFFSET_SECONDS;
        long millis = Math.floorMod(epochMillis, MILLIS_PER_SECOND);
        long fraction = (millis << 32) / MILLIS_PER_SECOND;
        return seconds << 32 | fraction;
    }

    /** Nanoseconds since the Java epoch to a 64-bit NTP timestamp. */
    public static long fromEpochNanos(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND) + EPOCH_OFFSET_SECONDS;
        long nanos = Math.floorMod(epochNanos, NANOS_PER_SECOND);
        long fraction = (nanos << 32) / NANOS_PER_SECOND; // nanos < 2^30, so nanos << 32 < 2^62
        return seconds << 32 | fraction;
    }

    /** A 64-bit NTP timestamp to milliseconds since the Java epoch, rounded to the nearest millisecond. */
    public static long toEpochMillis(long ntp) {
        long fractionMillis = ((ntp & 0xFFFF_FFFFL) * MILLIS_PER_SECOND + (1L << 31)) >>> 32;
        return (seconds(ntp) - EPOCH_OFFSET_SECONDS) * MILLIS_PER_SECOND + fractionMillis;
    }

    /** A 64-bit NTP timestamp to nanoseconds since the Java epoch, rounded to the nearest nanosecond. */
    public static long toEpochNanos(long ntp) {
        return (seconds(ntp) - EPOCH_OFFSET_SECONDS) * NANOS_PER_SECOND + fractionToNanos(ntp & 0xFFFF_FFFFL);
    }

    /** The middle 32 bits (the LSR of a report block), as an unsigned value. */
    public static long compact(long ntp) {
        return (ntp >>> 16) & 0xFFFF_FFFFL;
    }

    /** A compact duration (units of 1/65536 s, e.g. DLSR or a round-trip time) to nanoseconds. */
    public static long compactToNanos(long compact) {
        return ((compact & 0xFFFF_FFFFL) * NANOS_PER_SECOND + (1L << 15)) >>> 16;
    }

    /** Nanoseconds to a compact duration (units of 1/65536 s), saturating at 0 and 2^32-1. */
    public static long nanosToCompact(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        long seconds = nanos / NANOS_PER_SECOND;
        if (seconds >= 1L << 16) {
            return 0xFFFF_FFFFL;
        }
        long rest = nanos % NANOS_PER_SECOND;
        return Math.min(0xFFFF_FFFFL, (seconds << 16) + ((rest << 16) + NANOS_PER_SECOND / 2) / NANOS_PER_SECOND);
    }

    private static long seconds(long ntp) {
        long seconds = ntp >>> 32;
        return (seconds & 0x8000_0000L) == 0 ? seconds + (1L << 32) : seconds;
    }

    private static long fractionToNanos(long fraction) {
        // fraction * 1e9 can reach 2^62: fits in a long.
        return (fraction * NANOS_PER_SECOND + (1L << 31)) >>> 32;
    }
}

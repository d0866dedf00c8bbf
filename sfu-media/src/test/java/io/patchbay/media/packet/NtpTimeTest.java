package io.patchbay.media.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NtpTimeTest {

    static Stream<Arguments> instants() {
        return Stream.of(
                // 2208988800 = 0x83AA7E80 seconds from 1900 to 1970
                Arguments.of("Unix epoch", 0L, 0x83AA7E80_00000000L),
                Arguments.of("half a second after the Unix epoch", 500L, 0x83AA7E80_80000000L),
                Arguments.of("a quarter second", 250L, 0x83AA7E80_40000000L),
                // 1704067200 + 2208988800 = 3913056000 = 0xE93C_AE00... see below
                Arguments.of("2024-01-01T00:00:00Z", Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(),
                        3_913_056_000L << 32),
                // NTP era 1 starts at 2036-02-07T06:28:16Z: the seconds field wraps to 0
                Arguments.of("start of NTP era 1", Instant.parse("2036-02-07T06:28:16Z").toEpochMilli(), 0L),
                Arguments.of("one second into NTP era 1", Instant.parse("2036-02-07T06:28:17Z").toEpochMilli(),
                        1L << 32));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instants")
    void convertsEpochMillisBothWays(String name, long epochMillis, long ntp) {
        assertEquals(ntp, NtpTime.fromEpochMillis(epochMillis));
        assertEquals(epochMillis, NtpTime.toEpochMillis(ntp));
        assertEquals(ntp, NtpTime.fromEpochNanos(epochMillis * 1_000_000L));
        assertEquals(epochMillis * 1_000_000L, NtpTime.toEpochNanos(ntp));
    }

    @Test
    void roundTripsRandomInstantsFrom1970To2100() {
        SplittableRandom random = new SplittableRandom(42);
        long max = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 10_000; i++) {
            long millis = random.nextLong(max);
            assertEquals(millis, NtpTime.toEpochMillis(NtpTime.fromEpochMillis(millis)));
            long nanos = millis * 1_000_000L + random.nextLong(1_000_000L);
            assertEquals(nanos, NtpTime.toEpochNanos(NtpTime.fromEpochNanos(nanos)));
        }
    }

    @Test
    void compactIsTheMiddle32Bits() {
        assertEquals(0x7E80_8000L, NtpTime.compact(0x83AA7E80_80000000L));
        assertEquals(0xFFFF_FFFFL, NtpTime.compact(-1L));
        assertEquals(0x0001_0000L, NtpTime.compact(1L << 32));
    }

    static Stream<Arguments> compactDurations() {
        return Stream.of(
                Arguments.of("zero", 0L, 0L),
                Arguments.of("one second", 1_000_000_000L, 0x0001_0000L),
                Arguments.of("1.5 s", 1_500_000_000L, 0x0001_8000L),
                Arguments.of("one unit is 1/65536 s = 15258.8 ns", 15_259L, 1L),
                Arguments.of("negative saturates at 0", -5L, 0L),
                Arguments.of("beyond 65536 s saturates", 70_000_000_000_000L, 0xFFFF_FFFFL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compactDurations")
    void convertsCompactDurations(String name, long nanos, long compact) {
        assertEquals(compact, NtpTime.nanosToCompact(nanos));
    }

    @Test
    void compactBackToNanos() {
        assertEquals(1_000_000_000L, NtpTime.compactToNanos(0x0001_0000L));
        assertEquals(15_259L, NtpTime.compactToNanos(1L));
        // round trip time from report fields: arrival - LSR - DLSR, all compact
        long rtt = (0x0003_2000L - 0x0002_0000L - 0x0001_0000L) & 0xFFFF_FFFFL;
        assertEquals(125_000_000L, NtpTime.compactToNanos(rtt));
    }
}

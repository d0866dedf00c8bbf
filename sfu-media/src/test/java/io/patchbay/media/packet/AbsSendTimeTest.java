package io.patchbay.media.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AbsSendTimeTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("zero", 0L, 0x000000),
                Arguments.of("one second is 1 << 18", 1_000_000_000L, 0x040000),
                Arguments.of("half a second", 500_000_000L, 0x020000),
                Arguments.of("one unit is 2^-18 s = 3814.7 ns", 3815L, 0x000001),
                Arguments.of("below half a unit rounds down", 1907L, 0x000000),
                Arguments.of("above half a unit rounds up", 1908L, 0x000001),
                Arguments.of("63.5 s", 63_500_000_000L, 0xFE0000),
                Arguments.of("64 s wraps to zero", 64_000_000_000L, 0x000000),
                Arguments.of("65.25 s", 65_250_000_000L, 0x050000),
                Arguments.of("just below 64 s rounds up and wraps", 63_999_999_999L, 0x000000),
                Arguments.of("negative nanoTime: -1 s is 63 s", -1_000_000_000L, 0xFC0000),
                Arguments.of("large nanoTime does not overflow", Long.MAX_VALUE, fromSeconds(Long.MAX_VALUE)));
    }

    private static int fromSeconds(long nanos) {
        // Long.MAX_VALUE ns = 9223372036 s + 854775807 ns; 9223372036 mod 64 = 4
        long fraction = ((854_775_807L << 18) + 500_000_000L) / 1_000_000_000L;
        return (int) (((4L << 18) + fraction) & 0xFFFFFF);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void convertsNanosTo6Dot18FixedPoint(String name, long nanos, int expected) {
        assertEquals(expected, AbsSendTime.fromNanos(nanos));
    }

    @Test
    void roundTripsWithinHalfAUnit() {
        for (long nanos = 0; nanos < 64_000_000_000L; nanos += 123_456_789L) {
            long back = AbsSendTime.toNanos(AbsSendTime.fromNanos(nanos));
            long error = Math.abs(back - nanos);
            assertTrue(error <= 1908 || error >= 64_000_000_000L - 1908, nanos + " -> " + back);
        }
    }
}

package io.patchbay.media.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtpTimestampUnwrapperTest {
    private static final long WRAP = 1L << 32;

    static Stream<Arguments> timestamps() {
        return Stream.of(
                Arguments.of("in order, 90 kHz video at 30 fps", new long[] {0, 3000, 6000},
                        new long[] {0, 3000, 6000}),
                Arguments.of("wrap 2^32-1 -> 0", new long[] {0xFFFF_FFF0L, 0xFFFF_FFFFL, 0x10},
                        new long[] {0xFFFF_FFF0L, 0xFFFF_FFFFL, WRAP + 0x10}),
                Arguments.of("reordered across the wrap", new long[] {0xFFFF_F000L, 0x800, 0xFFFF_FC00L},
                        new long[] {0xFFFF_F000L, WRAP + 0x800, 0xFFFF_FC00L}),
                Arguments.of("older frame after the wrap stays before it", new long[] {0x100, 0xFFFF_FF00L},
                        new long[] {0x100, -0x100}),
                Arguments.of("exactly half apart counts forward", new long[] {0, 0x8000_0000L},
                        new long[] {0, 0x8000_0000L}),
                Arguments.of("bits above 32 are ignored", new long[] {WRAP + 5}, new long[] {5}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timestamps")
    void unwraps(String name, long[] input, long[] expected) {
        RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();
        long[] actual = new long[input.length];
        for (int i = 0; i < input.length; i++) {
            actual[i] = unwrapper.unwrap(input[i]);
        }
        assertArrayEquals(expected, actual);
    }

    @Test
    void countsSeveralWraps() {
        RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();
        long step = 0x4000_0000L; // a quarter of the space
        for (long t = 0; t < 5 * WRAP; t += step) {
            assertEquals(t, unwrapper.unwrap(t & 0xFFFF_FFFFL));
        }
    }

    @Test
    void diffIsSignedIn32BitSpace() {
        assertEquals(1, RtpTimestampUnwrapper.diff(0, 0xFFFF_FFFFL));
        assertEquals(-1, RtpTimestampUnwrapper.diff(0xFFFF_FFFFL, 0));
        assertEquals(0x8000_0000L, RtpTimestampUnwrapper.diff(0x8000_0000L, 0));
        assertEquals(-0x8000_0000L, RtpTimestampUnwrapper.diff(0, 0x8000_0000L));
    }
}

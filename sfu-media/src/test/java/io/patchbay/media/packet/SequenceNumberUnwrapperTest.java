package io.patchbay.media.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SequenceNumberUnwrapperTest {

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("in order", new int[] {1, 2, 3}, new long[] {1, 2, 3}),
                Arguments.of("first value unwraps to itself", new int[] {40000}, new long[] {40000}),
                Arguments.of("wrap 65535 -> 0", new int[] {65534, 65535, 0, 1},
                        new long[] {65534, 65535, 65536, 65537}),
                Arguments.of("reordered across the wrap", new int[] {65535, 1, 0, 2},
                        new long[] {65535, 65537, 65536, 65538}),
                Arguments.of("late packet does not move the reference", new int[] {10, 5, 11, 4},
                        new long[] {10, 5, 11, 4}),
                Arguments.of("late packet from before the first, across the wrap", new int[] {0, 65535, 1},
                        new long[] {0, -1, 1}),
                Arguments.of("duplicate", new int[] {7, 7}, new long[] {7, 7}),
                Arguments.of("large jumps below half the space", new int[] {0, 30000, 60000, 24464},
                        new long[] {0, 30000, 60000, 90000}),
                Arguments.of("a jump of exactly half counts forward", new int[] {0, 32768}, new long[] {0, 32768}),
                Arguments.of("a jump beyond half looks like a late packet", new int[] {0, 40000, 1},
                        new long[] {0, -25536, 1}),
                Arguments.of("second wrap", new int[] {65535, 0, 30000, 60000, 65535, 0},
                        new long[] {65535, 65536, 95536, 125536, 131071, 131072}),
                Arguments.of("bits above 16 are ignored", new int[] {0x1_0005}, new long[] {5}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void unwraps(String name, int[] input, long[] expected) {
        SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
        long[] actual = new long[input.length];
        for (int i = 0; i < input.length; i++) {
            actual[i] = unwrapper.unwrap(input[i]);
        }
        assertArrayEquals(expected, actual);
    }

    @Test
    void countsManyWrapsOfASteadyStream() {
        SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
        long expected = 60000;
        for (int i = 0; i < 10 * 65536; i += 1000) {
            assertEquals(expected + i, unwrapper.unwrap((int) ((expected + i) & 0xFFFF)));
        }
    }

    @Test
    void peekDoesNotMoveTheReference() {
        SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
        assertEquals(65535, unwrapper.unwrap(65535));
        assertEquals(65536 + 30000, unwrapper.peek(30000));
        assertEquals(65535, unwrapper.highest());
        assertEquals(65536, unwrapper.unwrap(0));
        assertEquals(65536, unwrapper.highest());
    }

    @Test
    void resetForgetsHistory() {
        SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
        unwrapper.unwrap(65535);
        unwrapper.unwrap(0);
        unwrapper.reset();
        assertEquals(false, unwrapper.started());
        assertEquals(0, unwrapper.unwrap(0));
    }
}

package io.patchbay.media.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SequenceNumbersTest {

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("equal", 100, 100, 0, false),
                Arguments.of("next", 101, 100, 1, true),
                Arguments.of("previous", 100, 101, -1, false),
                Arguments.of("across the wrap forward", 0, 65535, 1, true),
                Arguments.of("across the wrap backward", 65535, 0, -1, false),
                Arguments.of("10 ahead across the wrap", 5, 65531, 10, true),
                Arguments.of("largest forward distance", 32767, 0, 32767, true),
                Arguments.of("largest backward distance", 0, 32767, -32767, false),
                Arguments.of("exactly half apart, larger value is newer", 32768, 0, 32768, true),
                Arguments.of("exactly half apart, smaller value is older", 0, 32768, -32768, false),
                Arguments.of("just past half is backward", 32769, 0, -32767, false),
                Arguments.of("bits above 16 are ignored", 0x1_0001, 0x2_0000, 1, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void comparesIn16BitSerialSpace(String name, int a, int b, int diff, boolean newer) {
        assertEquals(diff, SequenceNumbers.diff(a, b));
        assertEquals(newer, SequenceNumbers.isNewer(a, b));
    }

    @Test
    void isNewerAgreesWithDiffEverywhere() {
        for (int a = 0; a < 65536; a += 97) {
            for (int b = 0; b < 65536; b += 89) {
                int d = SequenceNumbers.diff(a, b);
                assertEquals(d > 0, SequenceNumbers.isNewer(a, b));
                assertEquals(a, SequenceNumbers.add(b, d));
            }
        }
    }

    @Test
    void addWraps() {
        assertEquals(0, SequenceNumbers.add(65535, 1));
        assertEquals(65535, SequenceNumbers.add(0, -1));
    }
}

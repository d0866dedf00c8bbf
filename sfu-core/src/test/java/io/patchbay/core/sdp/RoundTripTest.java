package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {

    static Iterable<String> fixtures() {
        return SdpFixtures.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void parseWriteParseGivesAnEqualModel(String fixture) {
        SessionDescription first = SdpFixtures.parse(fixture);
        SessionDescription second = SdpFixtures.parseText(first.toSdp());
        assertEquals(first, second);
        assertEquals(first.toSdp(), second.toSdp());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void writingKeepsEveryOriginalLine(String fixture) {
        // The writer may add inherited or default lines and reorder attributes, but drops none. Two spellings
        // are normalized: "msid-semantic:WMS" gets Chrome's space, and a channel count of 1 is left out.
        String original = SdpFixtures.text(fixture);
        String written = SdpFixtures.parse(fixture).toSdp();
        for (String line : original.split("\r\n")) {
            String expected = line.replace("a=msid-semantic:WMS", "a=msid-semantic: WMS")
                    .replaceAll("^(a=rtpmap:\\d+ [^/]+/\\d+)/1$", "$1");
            assertEquals(true, written.contains(expected + "\r\n"), "missing line: " + line);
        }
    }
}

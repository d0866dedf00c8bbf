package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The REMB cap a publisher gets for one video track. */
class BitrateCapPolicyTest {
    private static final long NONE = BitrateCapPolicy.NO_CAP;

    static Stream<Arguments> cases() {
        return Stream.of(
                row("nothing known", NONE, false, new long[0], NONE),
                row("one subscriber's share", NONE, false, new long[] {800_000}, 800_000),
                row("the weakest subscriber caps a single encoding", NONE, false,
                        new long[] {2_000_000, 300_000, 900_000}, 300_000),
                row("the uplink when it is lower", 250_000, false, new long[] {2_000_000}, 250_000),
                row("simulcast: subscribers do not cap", NONE, true, new long[] {2_000_000, 300_000}, NONE),
                row("simulcast: the uplink still does", 1_200_000, true, new long[] {300_000}, 1_200_000));
    }

    private static Arguments row(String name, long uplink, boolean simulcast, long[] shares, long expected) {
        return Arguments.of(name, uplink, simulcast, shares, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void caps(String name, long uplink, boolean simulcast, long[] shares, long expected) {
        assertEquals(expected, BitrateCapPolicy.cap(uplink, simulcast, shares, shares.length));
    }

    @ParameterizedTest(name = "share of {0} bps over {1} video and {2} audio tracks")
    @MethodSource("shares")
    void subscriberShare(long estimate, int video, int audio, long expected) {
        assertEquals(expected, BitrateCapPolicy.subscriberShare(estimate, video, audio));
    }

    @ParameterizedTest(name = "share of {0} bps over {1} video tracks, the others carrying {2} bps")
    @MethodSource("leftovers")
    void shareTakesWhatTheOthersLeave(long estimate, int video, long others, long expected) {
        assertEquals(expected, BitrateCapPolicy.subscriberShare(estimate, video, video, others));
    }

    static Stream<Arguments> leftovers() {
        return Stream.of(
                // 420 kbps for two video tracks; the other sends 40 kbps: this one may take 380, not 210
                Arguments.of(500_000L, 2, 40_000L, 380_000L),
                // the other takes more than half: the equal share still stands
                Arguments.of(1_000_000L, 2, 800_000L, 460_000L),
                // nothing left: the floor
                Arguments.of(300_000L, 3, 400_000L, BitrateCapPolicy.FLOOR_BPS));
    }

    @org.junit.jupiter.api.Test
    void onlyACongestedPathCapsPublishers() {
        long s = 1_000_000_000L;
        org.junit.jupiter.api.Assertions.assertFalse(BitrateCapPolicy.showsLimit(Long.MIN_VALUE, 50 * s),
                "never congested: the estimate is what the path carried");
        org.junit.jupiter.api.Assertions.assertTrue(BitrateCapPolicy.showsLimit(45 * s, 50 * s), "congested 5 s ago");
        org.junit.jupiter.api.Assertions.assertFalse(BitrateCapPolicy.showsLimit(39 * s, 50 * s), "11 s ago: over");
    }

    static Stream<Arguments> shares() {
        return Stream.of(
                Arguments.of(1_000_000L, 1, 1, 960_000L),
                Arguments.of(1_000_000L, 2, 2, 460_000L),
                Arguments.of(100_000L, 4, 4, BitrateCapPolicy.FLOOR_BPS),
                Arguments.of(250_000L, 2, 2, BitrateCapPolicy.FLOOR_BPS),
                Arguments.of(500_000L, 0, 1, 460_000L));
    }
}

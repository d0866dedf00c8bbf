package io.patchbay.media.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReceiveStatisticsTest {
    private static final long MS = 1_000_000L;

    @Test
    void countsLossAcrossSequenceWrap() {
        ReceiveStatistics s = new ReceiveStatistics(90_000);
        int seq = 65_530;
        for (int i = 0; i < 20; i++) {
            if (i == 7 || i == 8) continue; // two lost, right after the wrap
            s.onPacket((seq + i) & 0xFFFF, 3000L * i, i * 33 * MS, 1000);
        }
        assertEquals(20, s.expected());
        assertEquals(2, s.cumulativeLost());
        assertEquals(65_536 + 13, s.extendedHighestSequence());
        assertEquals(2 * 256 / 20, s.takeFractionLost());
        assertEquals(0, s.takeFractionLost(), "a new interval with nothing received reports no loss");
    }

    @Test
    void jitterIsZeroForPerfectlyPacedPacketsAndGrowsWithVariation() {
        ReceiveStatistics paced = new ReceiveStatistics(90_000);
        for (int i = 0; i < 100; i++) paced.onPacket(i, 3000L * i, 100 * MS + i * 33_333_333L, 1000);
        assertEquals(0, paced.jitterTicks(), 1);

        ReceiveStatistics jittery = new ReceiveStatistics(90_000);
        for (int i = 0; i < 100; i++) {
            long wobble = (i % 2 == 0 ? 10 : 0) * MS; // 10 ms = 900 ticks of variation every other packet
            jittery.onPacket(i, 3000L * i, 100 * MS + i * 33_333_333L + wobble, 1000);
        }
        // RFC 3550 A.8 converges to about the mean deviation: 900 ticks.
        assertEquals(900, jittery.jitterTicks(), 120);
    }

    @Test
    void duplicatesDoNotCountAsExpected() {
        ReceiveStatistics s = new ReceiveStatistics(48_000);
        s.onPacket(10, 0, 0, 100);
        s.onPacket(10, 0, MS, 100);
        s.onPacket(11, 960, 20 * MS, 100);
        assertEquals(2, s.expected());
        assertEquals(0, s.cumulativeLost());
    }
}

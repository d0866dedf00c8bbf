package io.patchbay.media.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OveruseDetectorTest {
    private static final long MS = 1_000_000L;

    @Test
    void sustainedPositiveTrendIsOveruseAfterTenMillisecondsAndTwoSamples() {
        OveruseDetector detector = new OveruseDetector();
        // modified trend = 60 * 0.1 * 4 = 24 ms > 12.5 ms threshold
        assertEquals(BandwidthUsage.NORMAL, detector.detect(0.1, 8, 60, 10 * MS), "first sample: 4 ms over");
        assertEquals(BandwidthUsage.OVERUSING, detector.detect(0.1, 8, 60, 20 * MS), "12 ms over, 2 samples");
        assertEquals(24, detector.modifiedTrendMs(), 1e-9);
    }

    @Test
    void fallingTrendAboveThresholdIsNotYetOveruse() {
        OveruseDetector detector = new OveruseDetector();
        detector.detect(0.2, 8, 60, 10 * MS);
        assertEquals(BandwidthUsage.NORMAL, detector.detect(0.15, 8, 60, 20 * MS), "trend is already falling");
    }

    @Test
    void negativeTrendBeyondThresholdIsUnderuse() {
        OveruseDetector detector = new OveruseDetector();
        assertEquals(BandwidthUsage.UNDERUSING, detector.detect(-0.1, 8, 60, 10 * MS));
        assertEquals(BandwidthUsage.NORMAL, detector.detect(0.0, 8, 60, 20 * MS));
    }

    @Test
    void fewDeltasScaleTrendDown() {
        OveruseDetector detector = new OveruseDetector();
        // 10 deltas: 10 * 0.1 * 4 = 4 ms, below the threshold
        detector.detect(0.1, 8, 10, 10 * MS);
        assertEquals(BandwidthUsage.NORMAL, detector.detect(0.1, 8, 10, 20 * MS));
        assertEquals(BandwidthUsage.NORMAL, detector.detect(5.0, 8, 1, 30 * MS), "fewer than 2 deltas");
    }

    @Test
    void thresholdFollowsTrendWithinBounds() {
        OveruseDetector detector = new OveruseDetector();
        for (int i = 1; i <= 200; i++) {
            detector.detect(0, 8, 60, i * 100 * MS);
        }
        assertEquals(6, detector.thresholdMs(), 1e-9, "decays quickly to the floor");
        // 20 ms is within threshold + 15 ms, so the threshold rises towards it: 6 + 0.0087 * (20 - 6) * 100 ms
        detector.detect(20 / 240.0, 8, 60, 20_100 * MS);
        double after = detector.thresholdMs();
        assertEquals(6 + 0.0087 * 14 * 100, after, 1e-9);
        // a 100 ms spike is ignored
        detector.detect(100 / 240.0, 8, 60, 20_200 * MS);
        assertEquals(after, detector.thresholdMs(), 1e-9);
    }
}

package io.patchbay.media.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrendlineEstimatorTest {
    private static final long MS = 1_000_000L;

    @Test
    void constantDelayHasZeroSlope() {
        TrendlineEstimator trendline = new TrendlineEstimator();
        for (int i = 1; i <= 50; i++) {
            trendline.update(10, 10, i * 10 * MS);
        }
        assertEquals(0, trendline.slope(), 1e-12);
        assertEquals(50, trendline.numDeltas());
    }

    @Test
    void growingQueueHasPositiveSlope() {
        TrendlineEstimator trendline = new TrendlineEstimator();
        // Each 10 ms group arrives 12 ms after the previous one: delay grows 0.2 ms per ms.
        for (int i = 1; i <= 100; i++) {
            trendline.update(12, 10, i * 12 * MS);
        }
        // 2 ms of extra delay per 12 ms of arrival time; smoothing delays but does not change the slope.
        assertEquals(2.0 / 12, trendline.slope(), 0.005);
    }

    @Test
    void drainingQueueHasNegativeSlope() {
        TrendlineEstimator trendline = new TrendlineEstimator();
        for (int i = 1; i <= 100; i++) {
            trendline.update(8, 10, i * 8 * MS);
        }
        assertTrue(trendline.slope() < -0.2, "slope " + trendline.slope());
    }

    @Test
    void slopeIsHeldUntilWindowIsFull() {
        TrendlineEstimator trendline = new TrendlineEstimator(20);
        for (int i = 1; i < 20; i++) {
            trendline.update(15, 10, i * 15 * MS);
        }
        assertEquals(0, trendline.slope());
        trendline.update(15, 10, 20 * 15 * MS);
        assertTrue(trendline.slope() > 0);
        trendline.reset();
        assertEquals(0, trendline.slope());
        assertEquals(0, trendline.numDeltas());
    }
}

package io.patchbay.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DelayHistogramTest {
    @Test
    void eachDelayLandsInTheFirstBucketAtOrAboveIt() {
        DelayHistogram d = new DelayHistogram();
        double[] bounds = DelayHistogram.boundsSeconds();
        assertEquals(31, bounds.length);
        assertEquals(10e-6, bounds[0], 1e-12);
        assertEquals(1.0, bounds[30], 1e-12);
        d.record(5_000, 2);          // 5 us -> <= 10 us
        d.record(10_000, 1);         // exactly 10 us -> <= 10 us
        d.record(10_001_000, 3);     // 10.001 ms -> <= 15 ms
        d.record(2_000_000_000L, 1); // 2 s -> above every bound
        long[] counts = d.bucketCounts();
        assertEquals(32, counts.length);
        assertEquals(3, counts[0]);
        int fifteenMs = java.util.Arrays.binarySearch(bounds, 0.015);
        assertEquals(3, counts[fifteenMs]);
        assertEquals(1, counts[31]);
        assertEquals(7, d.count());
        assertEquals((5 * 2 + 10 + 10_001 * 3 + 2_000_000) / 1e6, d.sumSeconds(), 1e-9);
    }

    @Test
    void boundsGrowOneOneAndAHalfTwoThreeFiveSevenAndAHalf() {
        double[] b = DelayHistogram.boundsSeconds();
        assertArrayEquals(new double[] {100e-6, 150e-6, 200e-6, 300e-6, 500e-6, 750e-6, 1e-3},
                java.util.Arrays.copyOfRange(b, 6, 13), 1e-12);
    }
}

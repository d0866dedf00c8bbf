package io.patchbay.media.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AcknowledgedBitrateEstimatorTest {
    private static final long MS = 1_000_000L;

    /** Feeds 1200-byte packets spaced for {@code bps} from {@code startNanos} for {@code durationNanos}. */
    private static long feed(AcknowledgedBitrateEstimator acked, long bps, long startNanos, long durationNanos) {
        long spacing = 1200 * 8 * 1_000_000_000L / bps;
        long t = startNanos;
        for (; t < startNanos + durationNanos; t += spacing) {
            acked.onPacketReceived(t, 1200);
        }
        return t;
    }

    @Test
    void unknownUntilFirstHalfSecondWindow() {
        AcknowledgedBitrateEstimator acked = new AcknowledgedBitrateEstimator();
        feed(acked, 1_000_000, 0, 400 * MS);
        assertEquals(-1, acked.bitrateBps());
        feed(acked, 1_000_000, 400 * MS, 200 * MS);
        assertEquals(1_000_000, acked.bitrateBps(), 60_000);
    }

    @Test
    void convergesToSteadyReceiveRate() {
        AcknowledgedBitrateEstimator acked = new AcknowledgedBitrateEstimator();
        feed(acked, 2_000_000, 0, 5000 * MS);
        assertEquals(2_000_000, acked.bitrateBps(), 100_000);
    }

    @Test
    void followsRateChange() {
        AcknowledgedBitrateEstimator acked = new AcknowledgedBitrateEstimator();
        long t = feed(acked, 2_000_000, 0, 3000 * MS);
        feed(acked, 500_000, t, 3000 * MS);
        assertEquals(500_000, acked.bitrateBps(), 50_000);
    }

    @Test
    void lowRateSamplesAreSteady() {
        AcknowledgedBitrateEstimator acked = new AcknowledgedBitrateEstimator();
        long t = feed(acked, 500_000, 0, 2000 * MS);
        long min = Long.MAX_VALUE;
        long max = 0;
        long spacing = 1200 * 8 * 1_000_000_000L / 500_000;
        for (long end = t + 5000 * MS; t < end; t += spacing) {
            acked.onPacketReceived(t, 1200);
            min = Math.min(min, acked.bitrateBps());
            max = Math.max(max, acked.bitrateBps());
        }
        assertTrue(min > 450_000 && max < 550_000, "range " + min + ".." + max);
    }

    @Test
    void receiveTimeGoingBackwardsRestartsWindow() {
        AcknowledgedBitrateEstimator acked = new AcknowledgedBitrateEstimator();
        feed(acked, 1_000_000, 10_000 * MS, 1000 * MS);
        long before = acked.bitrateBps();
        acked.onPacketReceived(0, 1200);
        assertEquals(before, acked.bitrateBps());
        feed(acked, 1_000_000, MS, 1000 * MS);
        assertEquals(1_000_000, acked.bitrateBps(), 60_000);
    }
}

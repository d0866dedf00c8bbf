package io.patchbay.media.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BandwidthEstimatorTest {
    private static final long MS = 1_000_000L;

    @Test
    void startsAtConfiguredInitialEstimate() {
        assertEquals(1_000_000, new BandwidthEstimator().estimateBps());
        BandwidthEstimator estimator = new BandwidthEstimator(BandwidthEstimatorConfig.DEFAULT.withInitialBps(300_000));
        assertEquals(300_000, estimator.estimateBps());
        assertEquals(BandwidthUsage.NORMAL, estimator.state());
        assertEquals(0, estimator.acknowledgedBps());
        assertEquals(0, estimator.lossFraction());
    }

    @Test
    void malformedFeedbackIsCountedNotThrown() {
        BandwidthEstimator estimator = new BandwidthEstimator(
                BandwidthEstimatorConfig.DEFAULT.withHistoryCapacity(256));
        estimator.onPacketResult(5, true, 123);
        estimator.onFeedbackDone(0);
        assertEquals(1, estimator.unknownResults(), "feedback before anything was sent");

        Random random = new Random(6);
        long now = 0;
        int seq = 65_000; // wraps during the run
        for (int round = 0; round < 500; round++) {
            for (int i = 0; i < 10; i++) {
                now += 2 * MS;
                estimator.onSent(seq, now, 1000);
                seq = (seq + 1) & 0xFFFF;
            }
            // Reordered, duplicated, never-sent, evicted, lost-then-received, backwards receive times.
            for (int i = 0; i < 30; i++) {
                int reported = (seq - 1 - random.nextInt(400)) & 0xFFFF;
                if (random.nextInt(10) == 0) {
                    reported = (seq + random.nextInt(30_000)) & 0xFFFF;
                }
                boolean received = random.nextBoolean();
                long jump = random.nextBoolean() ? Long.MIN_VALUE / 4 : 0;
                long receiveNanos = now - random.nextInt(1_000_000_000) + jump;
                estimator.onPacketResult(reported, received, receiveNanos);
            }
            estimator.onFeedbackDone(now);
            if (round % 50 == 0) {
                estimator.onRtt(random.nextInt(3) == 0 ? -1 : random.nextInt(2_000_000_000), now);
            }
            long estimate = estimator.estimateBps();
            assertTrue(estimate >= 30_000 && estimate <= 50_000_000, "estimate out of bounds: " + estimate);
        }
        assertTrue(estimator.unknownResults() > 0);
        assertTrue(estimator.duplicateResults() > 0);
        System.out.println("(f) garbage feedback: estimate " + estimator.estimateBps() + " bps, unknown "
                + estimator.unknownResults() + ", duplicates " + estimator.duplicateResults() + ", state "
                + estimator.state());
    }

    @Test
    void feedbackLargerThanBatchIsProcessedInSlices() {
        BandwidthEstimatorConfig config = new BandwidthEstimatorConfig(1_000_000, 30_000, 50_000_000, 1024, 8, 1.3);
        BandwidthEstimator estimator = new BandwidthEstimator(config);
        for (int i = 0; i < 1000; i++) {
            estimator.onSent(i, i * MS, 1200);
        }
        for (int i = 0; i < 1000; i++) {
            estimator.onPacketResult(i, true, 50 * MS + i * MS);
        }
        estimator.onFeedbackDone(1100 * MS);
        assertEquals(1200 * 8 * 1000, estimator.acknowledgedBps(), 1_000_000);
        assertEquals(0, estimator.unknownResults());
    }

    @Test
    void lostThenReceivedCountsOnceAndLateDuplicateIsIgnored() {
        BandwidthEstimator estimator = new BandwidthEstimator();
        for (int i = 0; i < 40; i++) {
            estimator.onSent(i, i * 10 * MS, 1200);
        }
        for (int i = 0; i < 40; i++) {
            estimator.onPacketResult(i, i % 4 != 0, 30 * MS + i * 10 * MS); // 25% reported lost
        }
        estimator.onPacketResult(0, true, 25 * MS);  // then received after all
        estimator.onPacketResult(4, true, 65 * MS);
        estimator.onPacketResult(1, true, 40 * MS);  // duplicate
        estimator.onPacketResult(1, false, 0);       // stale "lost" after received
        estimator.onFeedbackDone(1000 * MS);
        assertEquals(8.0 / 40, estimator.lossFraction(), 1e-9);
        assertEquals(2, estimator.duplicateResults());
    }

    @Test
    void configRejectsInconsistentBounds() {
        assertThrows(IllegalArgumentException.class,
                () -> BandwidthEstimatorConfig.DEFAULT.withInitialBps(10_000));
        assertThrows(IllegalArgumentException.class, () -> BandwidthEstimatorConfig.DEFAULT.withHistoryCapacity(1000));
        assertThrows(IllegalArgumentException.class,
                () -> BandwidthEstimatorConfig.DEFAULT.withStartupGrowthPerSecond(0.9));
    }
}

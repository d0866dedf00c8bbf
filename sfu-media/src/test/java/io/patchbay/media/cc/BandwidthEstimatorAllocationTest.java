package io.patchbay.media.cc;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Sending, feedback and estimation allocate nothing once constructed: measured with the JVM's per-thread allocation
 * counter over many feedback rounds, after a warm-up that loads classes and compiles.
 */
class BandwidthEstimatorAllocationTest {
    private static final int ROUNDS = 20_000;
    private static final long TOLERANCE_BYTES = 4096;
    private static final long MS = 1_000_000L;

    private final BandwidthEstimator estimator = new BandwidthEstimator();
    private int seq;
    private long now;

    @Test
    void steadyStateAllocatesNothing() {
        com.sun.management.ThreadMXBean bean = threadBean();
        assumeTrue(bean != null && bean.isThreadAllocatedMemorySupported(), "allocation counter not available");
        bean.setThreadAllocatedMemoryEnabled(true);
        for (int i = 0; i < ROUNDS; i++) {
            oneFeedbackRound(i);
        }
        long threadId = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < ROUNDS; i++) {
            oneFeedbackRound(i);
        }
        long allocated = bean.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < TOLERANCE_BYTES, allocated + " bytes allocated over " + ROUNDS + " feedback rounds");
        assertTrue(estimator.estimateBps() > 0);
    }

    /** Ten packets sent 2 ms apart, one of them lost, one reported twice, then the feedback ends. */
    private void oneFeedbackRound(int round) {
        int first = seq;
        for (int i = 0; i < 10; i++) {
            now += 2 * MS;
            estimator.onSent(seq & 0xFFFF, now, 1000 + i);
            seq++;
        }
        for (int i = 0; i < 10; i++) {
            int s = first + (i == 3 ? 4 : i == 4 ? 3 : i); // a little reordering
            estimator.onPacketResult(s & 0xFFFF, (s + round) % 17 != 0, now + 30 * MS + (s - first) * 2L * MS
                    + (round % 3) * MS);
        }
        estimator.onPacketResult(first & 0xFFFF, true, now);
        estimator.onFeedbackDone(now + 40 * MS);
        if (round % 50 == 0) {
            estimator.onRtt(80 * MS, now);
        }
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean instanceof com.sun.management.ThreadMXBean sun ? sun : null;
    }
}

package io.patchbay.media.speaker;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The packet path and the periodic evaluation allocate nothing, measured like {@code AllocationFreeTest}. */
class SpeakerAllocationTest {
    private static final int CALLS = 100_000;
    private static final int SPEAKERS = 20;
    /** The counter reads themselves may allocate a little; per-packet allocation would show as megabytes. */
    private static final long TOLERANCE_BYTES = 4096;
    private static final long MS = 1_000_000L;

    private final DominantSpeakerDetector detector = new DominantSpeakerDetector();
    private final int[] out = new int[SPEAKERS];
    private long sink;

    @Test
    void onAudioLevelAndEvaluateAllocateNothing() {
        com.sun.management.ThreadMXBean bean = threadBean();
        assumeTrue(bean != null && bean.isThreadAllocatedMemorySupported(), "allocation counter not available");
        bean.setThreadAllocatedMemoryEnabled(true);
        for (int id = 0; id < SPEAKERS; id++) {
            detector.addSpeaker(id * 1009);
        }
        feed(0); // warm-up: class loading, JIT
        long threadId = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(threadId);
        feed(CALLS);
        long allocated = bean.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < TOLERANCE_BYTES, allocated + " bytes allocated over " + CALLS + " calls");
        assertTrue(sink != 0);
    }

    private void feed(int base) {
        for (int i = 0; i < CALLS; i++) {
            int call = base + i;
            int speaker = call % SPEAKERS;
            long now = (call / SPEAKERS) * 20 * MS;
            // speakers take turns of about 3 s, so dominance and the ranking keep changing
            boolean talking = (call / SPEAKERS / 150) % SPEAKERS == speaker;
            detector.onAudioLevel(speaker * 1009, talking ? 30 : 127, talking, now);
            if (speaker == 0 && (call / SPEAKERS) % 10 == 0) {
                if (detector.evaluate(now)) {
                    sink += detector.ranking(out);
                }
                sink += detector.dominantSpeaker() + 2;
            }
        }
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean instanceof com.sun.management.ThreadMXBean ? (com.sun.management.ThreadMXBean) bean : null;
    }
}

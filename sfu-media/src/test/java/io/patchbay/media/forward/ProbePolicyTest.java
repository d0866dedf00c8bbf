package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a subscriber's path is probed, how hard, and how failures back off. */
class ProbePolicyTest {
    private static final long S = 1_000_000_000L;

    @Test
    void probesOnlyWhenMoreIsWantedThanTheEstimateAllowsAndNothingIsCongested() {
        ProbePolicy p = new ProbePolicy();
        assertTrue(p.shouldStart(0, 350_000, 580_000, false), "a layer up is held back by bandwidth");
        assertFalse(p.shouldStart(0, 350_000, 340_000, false), "the estimate covers what is wanted");
        assertFalse(p.shouldStart(0, 350_000, 580_000, true), "congested");
        assertFalse(p.shouldStart(0, 0, 580_000, false), "no estimate yet");
    }

    @Test
    void targetsWhatIsWantedWithHeadroomButAtMostOneAndAHalfTheEstimate() {
        assertEquals(754_000, ProbePolicy.targetBps(1_000_000, 580_000));
        assertEquals(525_000, ProbePolicy.targetBps(350_000, 580_000));
    }

    @Test
    void failuresDoubleTheWaitAndASuccessResetsIt() {
        ProbePolicy p = new ProbePolicy();
        p.onResult(10 * S, 700_000, 300_000); // the link really is narrow
        assertFalse(p.shouldStart(11 * S, 350_000, 580_000, false));
        assertTrue(p.shouldStart(12 * S, 350_000, 580_000, false), "2 s after the first failure");
        p.onResult(12 * S, 700_000, -1);
        assertFalse(p.shouldStart(15 * S, 350_000, 580_000, false));
        assertTrue(p.shouldStart(16 * S, 350_000, 580_000, false), "4 s after the second");
        p.onResult(16 * S, 700_000, -1);
        assertTrue(p.shouldStart(20 * S, 350_000, 580_000, false), "and never more than 4 s");
        p.onResult(16 * S, 700_000, 650_000);
        assertTrue(p.shouldStart(17 * S, 650_000, 900_000, false), "1 s after a success");
        p.onResult(17 * S, 900_000, 100_000);
        assertTrue(p.shouldStart(19 * S, 650_000, 900_000, false), "a success reset the backoff to 2 s");
        p.onCongestion(19 * S);
        assertFalse(p.shouldStart(20 * S, 650_000, 900_000, false), "no probe right after congestion");
    }
}

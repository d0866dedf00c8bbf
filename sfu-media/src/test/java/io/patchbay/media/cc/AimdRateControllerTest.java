package io.patchbay.media.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AimdRateControllerTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;

    private static AimdRateController controller(long initialBps) {
        return new AimdRateController(initialBps, 30_000, 50_000_000, 1.3);
    }

    @Test
    void overuseDecreasesToEightyFivePercentOfAcknowledged() {
        AimdRateController aimd = controller(2_000_000);
        assertEquals(850_000, aimd.update(BandwidthUsage.OVERUSING, 1_000_000, SECOND));
        assertFalse(aimd.inStartup());
    }

    @Test
    void overuseNeverIncreases() {
        AimdRateController aimd = controller(500_000);
        assertEquals(500_000, aimd.update(BandwidthUsage.OVERUSING, 1_000_000, SECOND));
    }

    @Test
    void normalIncreasesMultiplicativelyEightPercentPerSecondAfterStartup() {
        AimdRateController aimd = controller(1_000_000);
        aimd.endStartup();
        // HOLD -> INCREASE; as in libwebrtc the first step adds the 1 kbps minimum increase
        long start = aimd.update(BandwidthUsage.NORMAL, 1_000_000, 0);
        assertEquals(1_001_000, start);
        assertEquals(start * 1.08, aimd.update(BandwidthUsage.NORMAL, 1_000_000, SECOND), 1);
    }

    @Test
    void startupGrowsFaster() {
        AimdRateController aimd = controller(1_000_000);
        long start = aimd.update(BandwidthUsage.NORMAL, 1_000_000, 0);
        assertEquals(start * 1.3, aimd.update(BandwidthUsage.NORMAL, 1_000_000, SECOND), 1);
    }

    @Test
    void increaseIsCappedAtOneAndAHalfTimesAcknowledgedPlusTenKbps() {
        AimdRateController aimd = controller(300_000);
        aimd.update(BandwidthUsage.NORMAL, 200_000, 0);
        assertEquals(310_000, aimd.update(BandwidthUsage.NORMAL, 200_000, SECOND), "1.3 x 300 kbps capped");
        AimdRateController above = controller(500_000);
        above.update(BandwidthUsage.NORMAL, 200_000, 0);
        assertEquals(500_000, above.update(BandwidthUsage.NORMAL, 200_000, SECOND), "above the cap: no increase");
    }

    @Test
    void nearKnownCapacityIncreaseIsAdditiveAndSlow() {
        AimdRateController aimd = controller(2_000_000);
        aimd.update(BandwidthUsage.OVERUSING, 1_000_000, 0); // 850 kbps, capacity ~1 Mbps known
        long start = aimd.update(BandwidthUsage.NORMAL, 900_000, 100 * MS); // HOLD -> INCREASE
        double perSecond = aimd.nearMaxIncreaseBpsPerSecond();
        long after = aimd.update(BandwidthUsage.NORMAL, 900_000, 1100 * MS);
        // 851 kbps: 3 packets of 9.5 kbit per 33 ms frame; half a packet per 300 ms response time: ~16 kbps/s
        assertEquals(15_760, perSecond, 100);
        assertEquals(start + perSecond, after, 1);
    }

    @Test
    void underuseHolds() {
        AimdRateController aimd = controller(1_000_000);
        long start = aimd.update(BandwidthUsage.NORMAL, 1_000_000, 0);
        aimd.update(BandwidthUsage.UNDERUSING, 1_000_000, 500 * MS);
        assertEquals(start, aimd.update(BandwidthUsage.UNDERUSING, 1_000_000, SECOND));
    }

    @Test
    void rttSpacesRepeatedDecreases() {
        AimdRateController aimd = controller(2_000_000);
        aimd.setRtt(50 * MS);
        aimd.update(BandwidthUsage.OVERUSING, 1_000_000, 0);
        assertFalse(aimd.timeToReduceFurther(40 * MS, 800_000));
        assertTrue(aimd.timeToReduceFurther(50 * MS, 800_000));
        assertTrue(aimd.timeToReduceFurther(10 * MS, 400_000), "acknowledged fell below half the estimate");
        aimd.setRtt(5 * SECOND);
        assertTrue(aimd.timeToReduceFurther(200 * MS, 800_000), "interval is capped at 200 ms");
    }

    @Test
    void longerRttSlowsAdditiveIncrease() {
        AimdRateController shortRtt = controller(1_000_000);
        AimdRateController longRtt = controller(1_000_000);
        longRtt.setRtt(SECOND);
        assertTrue(shortRtt.nearMaxIncreaseBpsPerSecond() > 2 * longRtt.nearMaxIncreaseBpsPerSecond());
    }

    @Test
    void estimateStaysWithinBounds() {
        AimdRateController aimd = controller(40_000);
        assertEquals(30_000, aimd.update(BandwidthUsage.OVERUSING, 1_000, SECOND));
    }
}

package io.patchbay.media.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LossBasedControllerTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;
    private static final long RTT = 100 * MS;

    private static LossBasedController afterStartup() {
        LossBasedController loss = new LossBasedController(1_000_000, 30_000, 50_000_000, 1.3);
        loss.endStartup();
        report(loss, 100, 0);
        loss.maybeUpdate(0, 1_000_000, RTT); // first window: sets the increase clock
        return loss;
    }

    private static void report(LossBasedController loss, int packets, int lost) {
        for (int i = 0; i < packets; i++) {
            loss.onPacketReported(i >= lost);
        }
    }

    @ParameterizedTest(name = "{0}% loss over one second -> {1} bps")
    @CsvSource({
        "0,  1081000", // +8% per second, +1 kbps per second
        "1,  1081000",
        "2,  1000000", // 2..10%: hold
        "10, 1000000",
        "11, 945000",  // 1 - 0.5 * 0.11
        "20, 900000",
        "50, 750000",
    })
    void lossFractionMovesRate(int lossPercent, long expectedBps) {
        LossBasedController loss = afterStartup();
        report(loss, 100, lossPercent);
        assertTrue(loss.maybeUpdate(SECOND, 1_000_000, RTT));
        assertEquals(expectedBps, loss.estimateBps(), 1);
        assertEquals(lossPercent / 100.0, loss.lossFraction(), 1e-9);
    }

    @Test
    void windowNeedsTwentyPacketsAndHalfASecond() {
        LossBasedController loss = afterStartup();
        report(loss, 19, 19);
        assertFalse(loss.maybeUpdate(SECOND, 1_000_000, RTT));
        report(loss, 1, 0);
        assertFalse(loss.maybeUpdate(400 * MS, 1_000_000, RTT), "only 400 ms since the last window");
        assertTrue(loss.maybeUpdate(SECOND, 1_000_000, RTT));
        assertEquals(0.95, loss.lossFraction(), 1e-9);
    }

    @Test
    void decreasesAreSpacedByThreeHundredMillisecondsPlusRtt() {
        LossBasedController loss = afterStartup();
        report(loss, 100, 20);
        loss.maybeUpdate(SECOND, 1_000_000, RTT);
        assertEquals(900_000, loss.estimateBps());
        report(loss, 100, 20);
        loss.maybeUpdate(SECOND + 500 * MS, 1_000_000, 300 * MS);
        assertEquals(900_000, loss.estimateBps(), "500 ms < 300 ms + 300 ms rtt");
        report(loss, 100, 20);
        loss.maybeUpdate(SECOND + 1100 * MS, 1_000_000, 300 * MS);
        // 20% loss since 1 s: the inherent loss has risen 1.5 points by then (1% per second), so 1 - 0.5 * 0.185
        assertEquals(816_750, loss.estimateBps());
        assertEquals(2, loss.decreases());
    }

    @Test
    void steadyRandomLossBecomesTheBaseline() {
        LossBasedController loss = afterStartup();
        for (int i = 1; i <= 12; i++) {
            report(loss, 100, 5);
            loss.maybeUpdate(i * SECOND, 50_000_000, RTT);
        }
        assertEquals(0.05, loss.inherentLossFraction(), 0.002, "12 s of 5% loss");
        long before = loss.estimateBps();
        report(loss, 100, 6);
        loss.maybeUpdate(13 * SECOND, 50_000_000, RTT);
        assertTrue(loss.estimateBps() > before, "6% < 2% above a 5% baseline: increase");
        double baseline = loss.inherentLossFraction();
        long held = loss.estimateBps();
        report(loss, 100, 16);
        loss.maybeUpdate(14 * SECOND, 50_000_000, RTT);
        assertEquals(held * (1 - 0.5 * (0.16 - baseline)), loss.estimateBps(), 1);
        assertEquals(0, loss.decreases() - 1, "one cut: 16% is over 10% above the baseline");
    }

    @Test
    void lossThatAppearsAtOnceIsCongestion() {
        LossBasedController loss = afterStartup();
        report(loss, 100, 8);
        loss.maybeUpdate(SECOND, 1_000_000, RTT);
        assertEquals(1_000_000, loss.estimateBps(), "8% on a clean path: hold, as the draft says");
        assertTrue(loss.inherentLossFraction() <= 0.01 + 1e-9, "the baseline rises at most 1 point per second");
    }

    @Test
    void baselineNeverExceedsSixPercent() {
        LossBasedController loss = afterStartup();
        for (int i = 1; i <= 30; i++) {
            report(loss, 100, 30);
            loss.maybeUpdate(i * SECOND, 1_000_000, RTT);
        }
        assertEquals(InherentLoss.MAX, loss.inherentLossFraction(), 1e-9);
        assertTrue(loss.estimateBps() < 100_000, "30% loss still cuts: " + loss.estimateBps());
    }

    @Test
    void rateIsRebasedOnLowerCombinedEstimate() {
        LossBasedController loss = afterStartup();
        report(loss, 100, 5);
        loss.maybeUpdate(SECOND, 400_000, RTT);
        assertEquals(400_000, loss.estimateBps(), "hold at the combined (delay-limited) estimate");
    }

    @Test
    void lateArrivalUndoesLoss() {
        LossBasedController loss = afterStartup();
        report(loss, 100, 3);
        loss.onLateArrival();
        loss.onLateArrival();
        loss.maybeUpdate(SECOND, 1_000_000, RTT);
        assertEquals(0.01, loss.lossFraction(), 1e-9);
    }

    @Test
    void rateStaysWithinBounds() {
        LossBasedController loss = new LossBasedController(31_000, 30_000, 1_050_000, 1.3);
        for (int i = 1; i <= 5; i++) {
            report(loss, 100, 100);
            loss.maybeUpdate(i * SECOND, 1_000_000, RTT);
        }
        assertEquals(30_000, loss.estimateBps());
    }
}

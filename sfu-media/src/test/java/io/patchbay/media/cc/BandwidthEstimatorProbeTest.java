package io.patchbay.media.cc;

import static io.patchbay.media.cc.BandwidthSimulation.MS;
import static io.patchbay.media.cc.BandwidthSimulation.SECOND;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Probing: a sender that sends little keeps a low estimate (it grows only to 1.5 x what is acknowledged); a probe
 * cluster (half a second at a higher rate) shows what the path carries and raises the estimate at once, up to the
 * path's capacity and not beyond.
 */
class BandwidthEstimatorProbeTest {

    /**
     * 10 s at 300 kbps (the first 4 s through a 250 kbps bottleneck, which ends the estimator's start-up as a real
     * cap would, then through {@code capacityBps}), a 500 ms probe cluster at {@code probeBps}, 300 kbps for 2 s.
     */
    private static long[] estimateBeforeAndAfterProbe(long capacityBps, long probeBps) {
        BandwidthEstimator e = new BandwidthEstimator();
        BandwidthSimulation sim = new BandwidthSimulation(e, 42);
        sim.capacityBps = t -> t < 4 * SECOND ? 250_000 : capacityBps;
        sim.fixedRateBps = 300_000;
        sim.runUntil(10 * SECOND);
        long before = e.estimateBps();
        e.startProbe();
        sim.fixedRateBps = probeBps;
        sim.runUntil(10 * SECOND + 500 * MS);
        e.endProbe(sim.now());
        sim.fixedRateBps = 300_000;
        sim.runUntil(12 * SECOND);
        return new long[] {before, e.estimateBps(), e.lastProbeResultBps(), e.probeInProgress() ? 1 : 0};
    }

    @Test
    void aProbeOnAWidePathRaisesTheEstimateAtOnce() {
        long[] r = estimateBeforeAndAfterProbe(5_000_000, 1_500_000);
        String s = String.format("before %d kbps, after %d kbps, probe measured %d kbps", r[0] / 1000, r[1] / 1000,
                r[2] / 1000);
        assertTrue(r[0] < 700_000, "300 kbps of media keeps the estimate low: " + s);
        assertTrue(r[2] > 1_300_000 && r[2] < 1_700_000, "the probe measures what it sent: " + s);
        assertTrue(r[1] >= 1_300_000, "and the estimate jumps to it: " + s);
        assertTrue(r[3] == 0, "the probe is over: " + s);
    }

    @Test
    void aProbeIntoANarrowLinkDoesNotRaiseTheEstimateBeyondIt() {
        long[] r = estimateBeforeAndAfterProbe(600_000, 1_500_000);
        String s = String.format("before %d kbps, after %d kbps, probe measured %d kbps", r[0] / 1000, r[1] / 1000,
                r[2] / 1000);
        assertTrue(r[2] > 0 && r[2] < 700_000, "the probe measures the 600 kbps link: " + s);
        assertTrue(r[1] < 750_000, "the estimate stays near the link: " + s);
    }
}

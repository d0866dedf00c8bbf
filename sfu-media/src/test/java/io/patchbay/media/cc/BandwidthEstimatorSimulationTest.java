package io.patchbay.media.cc;

import static io.patchbay.media.cc.BandwidthSimulation.MS;
import static io.patchbay.media.cc.BandwidthSimulation.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.cc.BandwidthSimulation.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End-to-end behaviour of {@link BandwidthEstimator} on simulated paths (see {@link BandwidthSimulation}). Each test
 * prints its trajectory, one line per simulated second, for whoever tunes or integrates the estimator.
 */
class BandwidthEstimatorSimulationTest {

    @Test
    void cappedLinkSettlesNearBottleneckRate() {
        BandwidthSimulation sim = new BandwidthSimulation(new BandwidthEstimator(), 1);
        sim.capacityBps = t -> 500_000;
        sim.fixedRateBps = 1_500_000;
        List<Sample> samples = sim.runUntil(20 * SECOND);
        print("(a) 1.5 Mbps sent into a 500 kbps bottleneck", samples);
        long settled = 0;
        for (Sample s : samples) {
            if (s.seconds() >= 10) {
                assertTrue(s.estimateBps() >= 375_000 && s.estimateBps() <= 625_000, "outside 500 kbps +-25%: " + s);
                settled = s.estimateBps();
            }
        }
        System.out.println("(a) settled at " + settled / 1000 + " kbps");
        assertEquals(BandwidthUsage.OVERUSING, sim.estimator.state(), "the queue keeps growing");
    }

    @Test
    void senderFollowingEstimateOnCappedLinkOscillatesAroundBottleneck() {
        BandwidthSimulation sim = new BandwidthSimulation(new BandwidthEstimator(), 7);
        sim.capacityBps = t -> 500_000;
        sim.sampleIntervalNanos = 100 * MS;
        List<Sample> samples = sim.runUntil(30 * SECOND);
        print("(a') sender paces at the estimate into a 500 kbps bottleneck", everySecond(samples));
        double sum = 0;
        int n = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (Sample s : samples) {
            if (s.seconds() >= 10) {
                sum += s.estimateBps();
                n++;
                min = Math.min(min, s.estimateBps());
                max = Math.max(max, s.estimateBps());
            }
        }
        long mean = (long) (sum / n);
        System.out.println("(a') from 10 s: mean " + mean / 1000 + " kbps, range " + min / 1000 + ".." + max / 1000
                + " kbps, worst queueing delay " + sim.maxQueueDelayNanos() / MS + " ms");
        assertTrue(mean >= 375_000 && mean <= 625_000, "mean " + mean);
    }

    @Test
    void uncappedLinkRampsUpWhenSenderFollowsEstimate() {
        BandwidthEstimator estimator = new BandwidthEstimator(
                BandwidthEstimatorConfig.DEFAULT.withInitialBps(300_000));
        BandwidthSimulation sim = new BandwidthSimulation(estimator, 2);
        sim.jitterNanos = 300_000; // 0.3 ms of noise on a constant 25 ms delay
        sim.sampleIntervalNanos = 100 * MS;
        double reachedAt = -1;
        List<Sample> samples = sim.runUntil(12 * SECOND);
        for (Sample s : samples) {
            if (reachedAt < 0 && s.estimateBps() > 1_500_000) {
                reachedAt = s.seconds();
            }
        }
        print("(b) uncapped, constant delay, sender paces at the estimate, from 300 kbps", everySecond(samples));
        System.out.println("(b) above 1.5 Mbps after " + reachedAt + " s");
        assertTrue(reachedAt > 0 && reachedAt <= 10, "reached 1.5 Mbps at " + reachedAt);
        assertTrue(samples.stream().noneMatch(s -> s.state() == BandwidthUsage.OVERUSING), "no queue, no overuse");
    }

    @Test
    void heavyRandomLossBringsEstimateDown() {
        BandwidthSimulation sim = new BandwidthSimulation(new BandwidthEstimator(), 3);
        sim.lossProbability = 0.20;
        List<Sample> samples = sim.runUntil(15 * SECOND);
        print("(c) 20% random loss, constant delay, sender paces at the estimate, from 1 Mbps", samples);
        Sample last = samples.get(samples.size() - 1);
        assertTrue(last.estimateBps() < 400_000, "estimate should fall well below 1 Mbps: " + last);
        assertTrue(last.loss() > 0.10 && last.loss() < 0.40, "measured loss: " + last.loss());
        assertTrue(sim.estimator.lossDecreases() > 0);
    }

    @Test
    void lightRandomLossCausesNoDecrease() {
        BandwidthSimulation sim = new BandwidthSimulation(new BandwidthEstimator(), 4);
        sim.lossProbability = 0.01;
        List<Sample> samples = sim.runUntil(15 * SECOND);
        print("(d) 1% random loss, constant delay, sender paces at the estimate, from 1 Mbps", samples);
        assertEquals(0, sim.estimator.lossDecreases(), "loss below 10% never cuts the rate");
        for (Sample s : samples) {
            assertTrue(s.estimateBps() >= 1_000_000, "estimate fell: " + s);
        }
        assertTrue(samples.get(samples.size() - 1).estimateBps() > 2_000_000, "estimate should keep growing");
    }

    @Test
    void fivePercentRandomLossDoesNotHoldTheEstimateDown() {
        // Wi-Fi-like: 5% of packets lost whatever the rate. The draft's rule holds at 2-10% and grows only below 2%,
        // so the estimate would stay near where it started (and chance windows above 10% push it down).
        BandwidthEstimator estimator = new BandwidthEstimator(
                BandwidthEstimatorConfig.DEFAULT.withInitialBps(300_000));
        BandwidthSimulation sim = new BandwidthSimulation(estimator, 6);
        sim.lossProbability = 0.05;
        List<Sample> samples = sim.runUntil(20 * SECOND);
        print("(f) 5% random loss, constant delay, sender paces at the estimate, from 300 kbps", samples);
        Sample last = samples.get(samples.size() - 1);
        System.out.printf("(f) inherent loss %.1f%%%n", estimator.inherentLossFraction() * 100);
        assertTrue(last.estimateBps() > 1_500_000, "estimate should grow past 1.5 Mbps: " + last);
    }

    @Test
    void policerIsStillCongestion() {
        // A 1 Mbps token-bucket policer: no queue, so only loss says the rate is too high. Loss that comes with
        // each increase must keep the rate near the policer's, not let the baseline absorb it.
        BandwidthEstimator estimator = new BandwidthEstimator(
                BandwidthEstimatorConfig.DEFAULT.withInitialBps(300_000));
        BandwidthSimulation sim = new BandwidthSimulation(estimator, 7);
        sim.policerBps = 1_000_000;
        sim.runUntil(20 * SECOND);
        long policedBefore = sim.policed();
        int sentBefore = sim.sent();
        List<Sample> samples = sim.runUntil(40 * SECOND);
        print("(g) 1 Mbps policer, sender paces at the estimate, from 300 kbps", samples);
        double loss = (double) (sim.policed() - policedBefore) / (sim.sent() - sentBefore);
        double meanKbps = samples.subList(20, samples.size()).stream().mapToLong(Sample::estimateBps).average()
                .orElse(0) / 1000;
        System.out.printf("(g) 20-40 s: mean estimate %.0f kbps, policed %.1f%% of packets, inherent loss %.1f%%%n",
                meanKbps, loss * 100, estimator.inherentLossFraction() * 100);
        assertTrue(meanKbps > 700 && meanKbps < 1_300, "mean estimate " + meanKbps + " kbps against a 1 Mbps policer");
        assertTrue(loss < 0.20, "policed " + loss);
    }

    @Test
    void delaySpikeTriggersOveruseThenRecovery() {
        BandwidthSimulation sim = new BandwidthSimulation(new BandwidthEstimator(), 5);
        sim.fixedRateBps = 1_000_000;
        // Cross traffic leaves 400 kbps between 4 s and 5 s; afterwards the queue drains at 5 Mbps.
        sim.capacityBps = t -> t >= 4 * SECOND && t < 5 * SECOND ? 400_000 : 5_000_000;
        sim.sampleIntervalNanos = 100 * MS;
        List<Sample> samples = sim.runUntil(12 * SECOND);
        print("(e) 1 Mbps sender, capacity 400 kbps from 4 s to 5 s, 5 Mbps otherwise", everySecond(samples));
        long beforeSpike = 0;
        boolean overuseInSpike = false;
        long minAfter = Long.MAX_VALUE;
        for (Sample s : samples) {
            if (s.seconds() < 4) {
                beforeSpike = s.estimateBps();
                assertTrue(s.state() != BandwidthUsage.OVERUSING, "overuse before the spike: " + s);
            } else if (s.seconds() <= 6.5) {
                overuseInSpike |= s.state() == BandwidthUsage.OVERUSING;
            }
            if (s.seconds() >= 4) {
                minAfter = Math.min(minAfter, s.estimateBps());
            }
        }
        Sample last = samples.get(samples.size() - 1);
        System.out.println("(e) before " + beforeSpike / 1000 + " kbps, low " + minAfter / 1000 + " kbps, end "
                + last.estimateBps() / 1000 + " kbps");
        assertTrue(overuseInSpike, "the spike must be detected as overuse");
        assertTrue(minAfter < beforeSpike * 0.7, "the spike must cut the estimate");
        assertEquals(BandwidthUsage.NORMAL, last.state(), "back to normal once drained");
        assertTrue(last.estimateBps() > minAfter * 1.3, "the estimate must recover: " + last);
    }

    private static List<Sample> everySecond(List<Sample> samples) {
        return samples.stream().filter(s -> s.nanos() % SECOND == 0).toList();
    }

    private static void print(String title, List<Sample> samples) {
        System.out.println(title);
        for (Sample s : samples) {
            System.out.println("  " + s);
        }
    }
}

package io.patchbay.media.cc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongUnaryOperator;

/**
 * A deterministic simulated path for {@link BandwidthEstimator}: a sender (at a fixed rate, or pacing at the current
 * estimate), a FIFO bottleneck of time-varying capacity with an unbounded queue, random loss, a propagation delay,
 * and a receiver that sends TWCC-like feedback every 100 ms reporting every packet up to the highest one received.
 * Simulated time advances in 1 ms ticks; nothing sleeps. Receive times are reported on a remote clock with an
 * arbitrary offset, as only their differences may matter.
 */
final class BandwidthSimulation {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;
    private static final long TICK = MS;
    private static final long REMOTE_CLOCK_OFFSET = 987_654_321_012L;

    /** One line of the trajectory. */
    record Sample(long nanos, long estimateBps, long delayBps, long lossBps, long ackedBps, double loss,
            BandwidthUsage state) {
        double seconds() {
            return nanos / 1e9;
        }

        @Override
        public String toString() {
            return String.format("t=%5.1fs est=%6d kbps delay=%6d loss-based=%6d acked=%6d loss=%4.1f%% %s",
                    seconds(), estimateBps / 1000, delayBps / 1000, lossBps / 1000, ackedBps / 1000, loss * 100,
                    state);
        }
    }

    final BandwidthEstimator estimator;
    /** Bottleneck capacity in bps at a given time; 0 or less means uncapped. */
    LongUnaryOperator capacityBps = t -> 0;
    long propagationNanos = 25 * MS;
    long returnNanos = 25 * MS;
    long jitterNanos = 0;
    double lossProbability = 0;
    /** A token-bucket policer in front of the bottleneck (drops, never queues), in bps; 0 or less for none. */
    long policerBps = 0;
    int policerBurstBytes = 12_000;
    /** Fixed send rate; 0 or less to pace at the estimate. */
    long fixedRateBps = 0;
    int packetBytes = 1200;
    long feedbackIntervalNanos = 100 * MS;
    long sampleIntervalNanos = SECOND;

    private final Random random;
    private final long[] sendAt = new long[400_000];
    private final long[] arriveAt = new long[400_000];
    private final ArrayDeque<long[]> pending = new ArrayDeque<>();
    private final List<Sample> samples = new ArrayList<>();
    private long now;
    private int sent;
    private long nextSendNanos;
    private long queueFreeNanos;
    private int nextToReport;
    private long lastRttReport = Long.MIN_VALUE;
    private long maxQueueDelayNanos;
    private double policerTokens = -1;
    private long policerRefilledNanos;
    private long policed;

    BandwidthSimulation(BandwidthEstimator estimator, long seed) {
        this.estimator = estimator;
        this.random = new Random(seed);
    }

    /** Runs until simulated time {@code untilNanos}; returns the samples taken so far. */
    List<Sample> runUntil(long untilNanos) {
        while (now < untilNanos) {
            now += TICK;
            sendDue();
            if (now % feedbackIntervalNanos == 0) {
                generateFeedback();
            }
            deliverFeedback();
            if (now % sampleIntervalNanos == 0) {
                samples.add(sample());
            }
        }
        return samples;
    }

    Sample sample() {
        return new Sample(now, estimator.estimateBps(), estimator.delayBasedBps(), estimator.lossBasedBps(),
                estimator.acknowledgedBps(), estimator.lossFraction(), estimator.state());
    }

    List<Sample> samples() {
        return samples;
    }

    /** Longest time a packet waited behind others at the bottleneck. */
    long maxQueueDelayNanos() {
        return maxQueueDelayNanos;
    }

    long now() {
        return now;
    }

    private void sendDue() {
        while (nextSendNanos <= now) {
            long t = nextSendNanos;
            int seq = sent++;
            sendAt[seq] = t;
            estimator.onSent(seq & 0xFFFF, t, packetBytes);
            if (random.nextDouble() < lossProbability || policerDrops(t)) {
                arriveAt[seq] = -1;
            } else {
                long start = Math.max(t, queueFreeNanos);
                long capacity = capacityBps.applyAsLong(start);
                long depart = capacity > 0 ? start + packetBytes * 8L * SECOND / capacity : start;
                queueFreeNanos = depart;
                if (capacity > 0) {
                    maxQueueDelayNanos = Math.max(maxQueueDelayNanos, start - t);
                }
                long jitter = jitterNanos > 0 ? (long) (random.nextDouble() * jitterNanos) : 0;
                arriveAt[seq] = depart + propagationNanos + jitter;
            }
            long rate = fixedRateBps > 0 ? fixedRateBps : estimator.estimateBps();
            nextSendNanos = t + packetBytes * 8L * SECOND / rate;
        }
    }

    /** Whether the policer drops a packet sent at {@code t} (it spends the bucket's tokens when it passes). */
    private boolean policerDrops(long t) {
        if (policerBps <= 0) return false;
        if (policerTokens < 0) policerTokens = policerBurstBytes;
        policerTokens = Math.min(policerBurstBytes, policerTokens + (t - policerRefilledNanos) * policerBps / 8e9);
        policerRefilledNanos = t;
        if (policerTokens < packetBytes) {
            policed++;
            return true;
        }
        policerTokens -= packetBytes;
        return false;
    }

    /** Packets the policer dropped so far. */
    long policed() {
        return policed;
    }

    /** Packets sent so far. */
    int sent() {
        return sent;
    }

    private void generateFeedback() {
        int highest = -1;
        for (int seq = nextToReport; seq < sent; seq++) {
            if (arriveAt[seq] >= 0 && arriveAt[seq] <= now) {
                highest = seq;
            }
        }
        if (highest >= nextToReport) {
            pending.add(new long[] {nextToReport, highest, now, now + returnNanos});
            nextToReport = highest + 1;
        }
    }

    private void deliverFeedback() {
        while (!pending.isEmpty() && pending.peek()[3] <= now) {
            long[] fb = pending.poll();
            int from = (int) fb[0];
            int to = (int) fb[1];
            long generated = fb[2];
            for (int seq = from; seq <= to; seq++) {
                boolean arrived = arriveAt[seq] >= 0 && arriveAt[seq] <= generated;
                estimator.onPacketResult(seq & 0xFFFF, arrived, arrived ? arriveAt[seq] + REMOTE_CLOCK_OFFSET : 0);
            }
            estimator.onFeedbackDone(now);
            if (lastRttReport == Long.MIN_VALUE || now - lastRttReport >= SECOND) {
                // What RTCP RR LSR/DLSR would measure: forward delay including the queue, plus the return path.
                estimator.onRtt(arriveAt[to] - sendAt[to] + returnNanos, now);
                lastRttReport = now;
            }
        }
    }
}

package io.patchbay.load.client;

import io.patchbay.load.report.Histogram;
import io.patchbay.load.report.Percentiles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One-way delays in log-spaced buckets (10 per decade from 10 us to 10 s, about 26% wide), recorded without
 * allocation from any thread. Percentiles come from the buckets (geometric middle of the bucket); the maximum is
 * exact. {@link #drain} returns what was recorded since the last drain.
 */
public final class DelayHistogram {
    private static final double MIN_US = 10;
    private static final int PER_DECADE = 10;
    private static final int BUCKETS = 6 * PER_DECADE; // 10 us .. 10 s
    private static final double[] UPPER_US = new double[BUCKETS];

    static {
        for (int i = 0; i < BUCKETS; i++) {
            UPPER_US[i] = MIN_US * Math.pow(10, (i + 1) / (double) PER_DECADE);
        }
    }

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    private final java.util.concurrent.atomic.AtomicLong maxNanos = new java.util.concurrent.atomic.AtomicLong();

    public void record(long delayNanos) {
        double us = Math.max(0, delayNanos) / 1000.0;
        int bucket = us < MIN_US ? 0 : (int) Math.floor(Math.log10(us / MIN_US) * PER_DECADE);
        counts.incrementAndGet(Math.min(Math.max(bucket, 0), BUCKETS));
        long max;
        while (delayNanos > (max = maxNanos.get()) && !maxNanos.compareAndSet(max, delayNanos)) {
            // Retry: another thread raised the maximum meanwhile.
        }
    }

    /** Counts since the last drain, reset to zero. */
    public Snapshot drain() {
        long[] c = new long[BUCKETS + 1];
        for (int i = 0; i <= BUCKETS; i++) {
            c[i] = counts.getAndSet(i, 0);
        }
        return new Snapshot(c, maxNanos.getAndSet(0) / 1e6);
    }

    /** A drained set of counts; {@link #plus} merges histograms of several threads or steps. */
    public record Snapshot(long[] counts, double maxMs) {
        public Snapshot plus(Snapshot o) {
            long[] c = counts.clone();
            for (int i = 0; i < c.length; i++) {
                c[i] += o.counts[i];
            }
            return new Snapshot(c, Math.max(maxMs, o.maxMs));
        }

        public static Snapshot empty() {
            return new Snapshot(new long[BUCKETS + 1], 0);
        }

        public long total() {
            long t = 0;
            for (long v : counts) t += v;
            return t;
        }

        public Percentiles percentilesMs() {
            long n = total();
            if (n == 0) return Percentiles.EMPTY;
            return new Percentiles(n, quantileMs(0.5, n), quantileMs(0.9, n), quantileMs(0.99, n), maxMs);
        }

        private double quantileMs(double q, long n) {
            long rank = (long) Math.ceil(q * n);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    double upper = i < BUCKETS ? UPPER_US[i] : maxMs * 1000;
                    double lower = i == 0 ? 0 : UPPER_US[i - 1];
                    double mid = i == 0 ? upper / 2 : Math.sqrt(lower * upper);
                    return Math.min(mid / 1000.0, maxMs);
                }
            }
            return maxMs;
        }

        public Histogram toHistogramMs() {
            List<Double> bounds = new ArrayList<>(BUCKETS);
            List<Long> c = new ArrayList<>(BUCKETS);
            for (int i = 0; i < BUCKETS; i++) {
                bounds.add(UPPER_US[i] / 1000.0);
                c.add(counts[i]);
            }
            return new Histogram(bounds, c, counts[BUCKETS]);
        }
    }
}

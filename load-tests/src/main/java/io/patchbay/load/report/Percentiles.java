package io.patchbay.load.report;

import java.util.Arrays;

/** Summary of a distribution, in the unit named by the field that holds it (e.g. {@code delayMs}). */
public record Percentiles(long count, double p50, double p90, double p99, double max) {
    public static final Percentiles EMPTY = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Nearest-rank percentiles (the smallest value with at least q of the values at or below it); EMPTY if none. */
    public static Percentiles of(double[] values) {
        if (values.length == 0) return EMPTY;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.5), rank(sorted, 0.9), rank(sorted, 0.99),
                sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}

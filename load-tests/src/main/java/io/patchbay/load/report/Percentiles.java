package io.patchbay.load.report;

/** Summary of a distribution, in the unit named by the field that holds it (e.g. {@code delayMs}). */
public record Percentiles(long count, double p50, double p90, double p99, double max) {
    public static final Percentiles EMPTY = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
}

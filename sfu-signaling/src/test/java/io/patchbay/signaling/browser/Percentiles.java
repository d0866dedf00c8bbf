package io.patchbay.signaling.browser;

import java.util.Collection;
import java.util.List;

/** Nearest-rank percentiles of measured times, for the printed tables. */
final class Percentiles {
    private Percentiles() {
    }

    /** The {@code p}-th percentile (0 < p <= 100) by nearest rank, or NaN for no values. */
    static double of(Collection<Double> values, double p) {
        List<Double> sorted = values.stream().filter(v -> !v.isNaN()).sorted().toList();
        if (sorted.isEmpty()) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static double max(Collection<Double> values) {
        return values.stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** "p50 X ms, p90 Y ms, max Z ms (n=N)". */
    static String summary(Collection<Double> values) {
        return String.format("p50 %.0f ms, p90 %.0f ms, max %.0f ms (n=%d)", of(values, 50), of(values, 90),
                max(values), values.stream().filter(v -> !v.isNaN()).count());
    }
}

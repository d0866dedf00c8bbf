package io.patchbay.load.report;

import java.util.List;

/**
 * Counts per bucket: bucket i holds values in [upperBounds[i-1], upperBounds[i]) (the first from 0); values at or
 * above the last bound are in {@code overflow}. Bounds in the unit named by the field that holds it.
 */
public record Histogram(List<Double> upperBounds, List<Long> counts, long overflow) {
}

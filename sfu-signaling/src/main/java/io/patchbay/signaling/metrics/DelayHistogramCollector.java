package io.patchbay.signaling.metrics;

import io.patchbay.media.DelayHistogram;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * One of the media plane's delay histograms ({@link DelayHistogram} buckets) as a Prometheus histogram. Micrometer's own
 * histograms would need a timer call per datagram on the hot path; these are filled with one count per batch or
 * packet and read at scrape time.
 */
final class DelayHistogramCollector implements Collector {
    private final String name;
    private final String help;
    private final DelayHistogram delay;
    private final double[] bounds;

    /** {@code name} in Prometheus form, ending in {@code _seconds}. */
    DelayHistogramCollector(String name, String help, DelayHistogram delay) {
        this.name = name;
        this.help = help;
        this.delay = delay;
        double[] finite = DelayHistogram.boundsSeconds();
        this.bounds = java.util.Arrays.copyOf(finite, finite.length + 1);
        this.bounds[finite.length] = Double.POSITIVE_INFINITY;
    }

    @Override
    public MetricSnapshot collect() {
        return HistogramSnapshot.builder()
                .name(name)
                .help(help)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, delay.bucketCounts()))
                        .sum(delay.sumSeconds())
                        .build())
                .build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }
}

package io.patchbay.signaling.metrics;

import io.patchbay.media.ForwardDelay;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * {@code patchbay_media_forward_delay_seconds}: the media plane's {@link ForwardDelay} buckets as a Prometheus
 * histogram (Micrometer's own histograms would need a timer call per datagram on the hot path; these are filled with
 * one count per batch and read at scrape time).
 */
final class ForwardDelayCollector implements Collector {
    static final String NAME = "patchbay_media_forward_delay_seconds";
    private final ForwardDelay delay;
    private final double[] bounds;

    ForwardDelayCollector(ForwardDelay delay) {
        this.delay = delay;
        double[] finite = ForwardDelay.boundsSeconds();
        this.bounds = java.util.Arrays.copyOf(finite, finite.length + 1);
        this.bounds[finite.length] = Double.POSITIVE_INFINITY;
    }

    @Override
    public MetricSnapshot collect() {
        return HistogramSnapshot.builder()
                .name(NAME)
                .help("Delay the server added to each datagram sent because of a received one (forwarded media,"
                        + " retransmissions): from reading the received datagram to handing the sent one to the kernel"
                        + " (batched send path)")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, delay.bucketCounts()))
                        .sum(delay.sumSeconds())
                        .build())
                .build();
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }
}

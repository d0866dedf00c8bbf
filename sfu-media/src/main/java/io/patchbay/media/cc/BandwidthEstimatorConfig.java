package io.patchbay.media.cc;

/**
 * Settings of one {@link BandwidthEstimator}. Immutable; any thread.
 *
 * @param initialBps             estimate before any feedback (default 1 Mbps)
 * @param minBps                 lower bound of every estimate (default 30 kbps)
 * @param maxBps                 upper bound of every estimate (default 50 Mbps)
 * @param historyCapacity        sent packets remembered for matching feedback; a power of two (default 8192, about
 *                               1.5 s at 50 Mbps of 1200-byte packets, 50 s at 1.5 Mbps)
 * @param maxPacketsPerFeedback  received packets buffered per feedback before they are processed (default 1024; a
 *                               larger feedback is processed in slices, which only loses receive-time sorting across
 *                               the slice boundary)
 * @param startupGrowthPerSecond multiplicative increase per second until the first decrease (delay overuse or loss);
 *                               stands in for libwebrtc's probing, which this estimator does not do (default 1.3)
 */
public record BandwidthEstimatorConfig(long initialBps, long minBps, long maxBps, int historyCapacity,
        int maxPacketsPerFeedback, double startupGrowthPerSecond) {

    public static final BandwidthEstimatorConfig DEFAULT =
            new BandwidthEstimatorConfig(1_000_000, 30_000, 50_000_000, 8192, 1024, 1.3);

    public BandwidthEstimatorConfig {
        if (minBps <= 0 || maxBps < minBps || initialBps < minBps || initialBps > maxBps) {
            throw new IllegalArgumentException("need 0 < min <= initial <= max: " + minBps + ", " + initialBps
                    + ", " + maxBps);
        }
        if (historyCapacity < 16 || Integer.bitCount(historyCapacity) != 1) {
            throw new IllegalArgumentException("historyCapacity must be a power of two >= 16: " + historyCapacity);
        }
        if (maxPacketsPerFeedback < 1) {
            throw new IllegalArgumentException("maxPacketsPerFeedback must be positive: " + maxPacketsPerFeedback);
        }
        if (!(startupGrowthPerSecond >= 1.0)) {
            throw new IllegalArgumentException("startupGrowthPerSecond must be >= 1: " + startupGrowthPerSecond);
        }
    }

    public BandwidthEstimatorConfig withInitialBps(long bps) {
        return new BandwidthEstimatorConfig(bps, minBps, maxBps, historyCapacity, maxPacketsPerFeedback,
                startupGrowthPerSecond);
    }

    public BandwidthEstimatorConfig withBounds(long min, long max) {
        return new BandwidthEstimatorConfig(initialBps, min, max, historyCapacity, maxPacketsPerFeedback,
                startupGrowthPerSecond);
    }

    public BandwidthEstimatorConfig withHistoryCapacity(int capacity) {
        return new BandwidthEstimatorConfig(initialBps, minBps, maxBps, capacity, maxPacketsPerFeedback,
                startupGrowthPerSecond);
    }

    public BandwidthEstimatorConfig withStartupGrowthPerSecond(double growth) {
        return new BandwidthEstimatorConfig(initialBps, minBps, maxBps, historyCapacity, maxPacketsPerFeedback,
                growth);
    }
}

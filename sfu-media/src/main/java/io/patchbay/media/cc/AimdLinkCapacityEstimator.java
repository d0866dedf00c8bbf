package io.patchbay.media.cc;

/**
 * Running estimate of the link capacity, sampled with the acknowledged bitrate at each overuse (libwebrtc's
 * {@code LinkCapacityEstimator}): an exponential average with a normalized deviation. While the acknowledged bitrate
 * stays within three deviations of it, {@link AimdRateController} increases additively (the rate is near the link's
 * known capacity); outside, the estimate is reset and increases are multiplicative again.
 *
 * <p>Not thread-safe: owned by one media thread.
 */
public final class AimdLinkCapacityEstimator {
    private static final double MIN_DEVIATION_KBPS = 0.4;
    private static final double MAX_DEVIATION_KBPS = 2.5;

    private boolean hasEstimate;
    private double estimateKbps;
    private double deviationKbps = MIN_DEVIATION_KBPS;

    public boolean hasEstimate() {
        return hasEstimate;
    }

    public double estimateBps() {
        return estimateKbps * 1000;
    }

    /** Estimate plus three deviations, or +infinity without an estimate. */
    public double upperBoundBps() {
        return hasEstimate ? (estimateKbps + 3 * deviationEstimateKbps()) * 1000 : Double.POSITIVE_INFINITY;
    }

    /** Estimate minus three deviations (not below zero), or 0 without an estimate. */
    public double lowerBoundBps() {
        return hasEstimate ? Math.max(0, estimateKbps - 3 * deviationEstimateKbps()) * 1000 : 0;
    }

    public void onOveruseDetected(double ackedBps) {
        update(ackedBps, 0.05);
    }

    public void reset() {
        hasEstimate = false;
    }

    private void update(double sampleBps, double alpha) {
        double sampleKbps = sampleBps / 1000;
        estimateKbps = hasEstimate ? (1 - alpha) * estimateKbps + alpha * sampleKbps : sampleKbps;
        hasEstimate = true;
        double norm = Math.max(estimateKbps, 1.0);
        double error = estimateKbps - sampleKbps;
        deviationKbps = (1 - alpha) * deviationKbps + alpha * error * error / norm;
        deviationKbps = Math.max(MIN_DEVIATION_KBPS, Math.min(MAX_DEVIATION_KBPS, deviationKbps));
    }

    private double deviationEstimateKbps() {
        return Math.sqrt(deviationKbps * estimateKbps);
    }
}

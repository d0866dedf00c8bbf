package io.patchbay.media.cc;

/**
 * The delay-based half of the estimator (libwebrtc's {@code DelayBasedBwe}): received packets, in receive-time order,
 * go through {@link DelayBasedInterArrival} (packet groups), {@link TrendlineEstimator} (delay slope) and
 * {@link OveruseDetector} (usage state); at the end of each feedback {@link AimdRateController} moves the rate.
 *
 * <p>Under overuse the rate is cut only when {@link AimdRateController#timeToReduceFurther} allows it; before any
 * acknowledged bitrate is known it is halved instead. After 2 s without feedback the delay state starts over.
 *
 * <p>Times are nanoseconds; send times on the local clock, receive times on the remote one. Not thread-safe: owned by
 * one media thread.
 */
public final class DelayBasedEstimator {
    static final long STREAM_TIMEOUT_NANOS = 2_000_000_000L;
    private static final long NONE = Long.MIN_VALUE;

    private final DelayBasedInterArrival interArrival = new DelayBasedInterArrival();
    private final TrendlineEstimator trendline = new TrendlineEstimator();
    private final OveruseDetector detector = new OveruseDetector();
    private final AimdRateController rateController;
    private long lastFeedbackNanos = NONE;

    public DelayBasedEstimator(AimdRateController rateController) {
        this.rateController = rateController;
    }

    /** Starts a feedback at local time {@code nowNanos}; forgets the delay state after a long silence. */
    public void onFeedbackStart(long nowNanos) {
        if (lastFeedbackNanos != NONE && nowNanos - lastFeedbackNanos > STREAM_TIMEOUT_NANOS) {
            interArrival.reset();
            trendline.reset();
            detector.reset();
        }
        lastFeedbackNanos = nowNanos;
    }

    /** Adds one received packet; call in receive-time order. */
    public void onPacket(long sendNanos, long receiveNanos, int sizeBytes) {
        if (interArrival.onPacket(sendNanos, receiveNanos, sizeBytes)) {
            double sendDeltaMs = interArrival.sendDeltaNanos() / 1e6;
            double arrivalDeltaMs = interArrival.arrivalDeltaNanos() / 1e6;
            double slope = trendline.update(arrivalDeltaMs, sendDeltaMs, receiveNanos);
            detector.detect(slope, sendDeltaMs, trendline.numDeltas(), receiveNanos);
        }
    }

    /**
     * Ends a feedback that reported at least one received packet: updates the rate from the usage state.
     * {@code ackedBps} is the acknowledged bitrate or -1. Returns the delay-based estimate.
     */
    public long onFeedbackEnd(long nowNanos, long ackedBps) {
        if (detector.state() == BandwidthUsage.OVERUSING) {
            if (ackedBps >= 0) {
                if (rateController.timeToReduceFurther(nowNanos, ackedBps)) {
                    rateController.update(BandwidthUsage.OVERUSING, ackedBps, nowNanos);
                }
            } else if (rateController.initialTimeToReduceFurther(nowNanos)) {
                rateController.setEstimate(rateController.estimateBps() / 2, nowNanos);
            }
        } else {
            rateController.update(detector.state(), ackedBps, nowNanos);
        }
        return rateController.estimateBps();
    }

    public BandwidthUsage state() {
        return detector.state();
    }

    public long estimateBps() {
        return rateController.estimateBps();
    }

    /** Latest trendline slope (diagnostics). */
    public double trendSlope() {
        return trendline.slope();
    }

    /** Current adaptive threshold in ms (diagnostics). */
    public double thresholdMs() {
        return detector.thresholdMs();
    }
}

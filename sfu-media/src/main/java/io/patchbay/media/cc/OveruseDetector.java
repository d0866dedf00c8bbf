package io.patchbay.media.cc;

/**
 * Turns the trendline slope into {@link BandwidthUsage} with an adaptive threshold (draft-ietf-rmcat-gcc-02 sections
 * 5.4 and 5.5; libwebrtc's {@code TrendlineEstimator::Detect} and {@code UpdateThreshold}). The slope is scaled by
 * {@code min(numDeltas, 60) * 4} into a "modified trend" in ms. Overuse is signalled once the modified trend has
 * stayed above the threshold for more than 10 ms of send time and two groups, and is not falling; underuse as soon as
 * it is below minus the threshold.
 *
 * <p>The threshold follows |modified trend| up slowly (k_up = 0.0087 per ms) and down quickly (k_down = 0.039 per ms)
 * within [6, 600] ms, so that the detector stays sensitive to its own traffic but is not starved by concurrent TCP
 * flows; samples more than 15 ms above it (spikes) are not followed.
 *
 * <p>Not thread-safe: owned by one media thread.
 */
public final class OveruseDetector {
    static final double THRESHOLD_GAIN = 4.0;
    static final int MIN_NUM_DELTAS = 60;
    static final double K_UP = 0.0087;
    static final double K_DOWN = 0.039;
    static final double OVERUSING_TIME_THRESHOLD_MS = 10;
    static final double MAX_ADAPT_OFFSET_MS = 15;
    static final double MAX_TIME_DELTA_MS = 100;
    static final double INITIAL_THRESHOLD_MS = 12.5;
    static final double MIN_THRESHOLD_MS = 6;
    static final double MAX_THRESHOLD_MS = 600;

    private double thresholdMs = INITIAL_THRESHOLD_MS;
    private double timeOverUsingMs = -1;
    private int overuseCounter;
    private double previousSlope;
    private double modifiedTrendMs;
    private boolean haveLastUpdate;
    private long lastUpdateNanos;
    private BandwidthUsage state = BandwidthUsage.NORMAL;

    /**
     * Classifies one new slope. {@code sendDeltaMs} is the send-time delta of the group pair that produced it,
     * {@code numDeltas} the trendline's count, {@code nowNanos} the arrival time of the newer group (remote clock;
     * used only for differences in threshold adaptation).
     */
    public BandwidthUsage detect(double slope, double sendDeltaMs, int numDeltas, long nowNanos) {
        if (numDeltas < 2) {
            state = BandwidthUsage.NORMAL;
            return state;
        }
        double modified = Math.min(numDeltas, MIN_NUM_DELTAS) * slope * THRESHOLD_GAIN;
        modifiedTrendMs = modified;
        if (modified > thresholdMs) {
            if (timeOverUsingMs == -1) {
                // Assume the trend began half-way through the last group.
                timeOverUsingMs = sendDeltaMs / 2;
            } else {
                timeOverUsingMs += sendDeltaMs;
            }
            overuseCounter++;
            if (timeOverUsingMs > OVERUSING_TIME_THRESHOLD_MS && overuseCounter > 1 && slope >= previousSlope) {
                timeOverUsingMs = 0;
                overuseCounter = 0;
                state = BandwidthUsage.OVERUSING;
            }
        } else if (modified < -thresholdMs) {
            timeOverUsingMs = -1;
            overuseCounter = 0;
            state = BandwidthUsage.UNDERUSING;
        } else {
            timeOverUsingMs = -1;
            overuseCounter = 0;
            state = BandwidthUsage.NORMAL;
        }
        previousSlope = slope;
        updateThreshold(modified, nowNanos);
        return state;
    }

    public BandwidthUsage state() {
        return state;
    }

    public double thresholdMs() {
        return thresholdMs;
    }

    /** The last slope as scaled for comparison with the threshold. */
    public double modifiedTrendMs() {
        return modifiedTrendMs;
    }

    public void reset() {
        thresholdMs = INITIAL_THRESHOLD_MS;
        timeOverUsingMs = -1;
        overuseCounter = 0;
        previousSlope = 0;
        modifiedTrendMs = 0;
        haveLastUpdate = false;
        state = BandwidthUsage.NORMAL;
    }

    private void updateThreshold(double modified, long nowNanos) {
        if (!haveLastUpdate) {
            haveLastUpdate = true;
            lastUpdateNanos = nowNanos;
        }
        double magnitude = Math.abs(modified);
        if (magnitude > thresholdMs + MAX_ADAPT_OFFSET_MS) {
            // A spike: do not let it drag the threshold up.
            lastUpdateNanos = nowNanos;
            return;
        }
        double k = magnitude < thresholdMs ? K_DOWN : K_UP;
        double elapsedMs = Math.min(Math.max(nowNanos - lastUpdateNanos, 0) / 1e6, MAX_TIME_DELTA_MS);
        thresholdMs += k * (magnitude - thresholdMs) * elapsedMs;
        thresholdMs = Math.max(MIN_THRESHOLD_MS, Math.min(MAX_THRESHOLD_MS, thresholdMs));
        lastUpdateNanos = nowNanos;
    }
}

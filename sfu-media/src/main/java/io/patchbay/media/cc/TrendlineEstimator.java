package io.patchbay.media.cc;

/**
 * Estimates the slope of one-way queueing delay over the last {@code window} packet groups (libwebrtc's
 * {@code TrendlineEstimator}, the successor of draft-ietf-rmcat-gcc-02's Kalman filter). Each update adds the
 * inter-group delay variation {@code d = arrivalDelta - sendDelta} to an accumulated delay, smooths it exponentially
 * (factor 0.9) and fits a least-squares line through the (arrival time, smoothed delay) points; the slope, in ms of
 * delay per ms, is positive while a queue builds and negative while it drains.
 *
 * <p>The points live in pre-sized arrays. Not thread-safe: owned by one media thread.
 */
public final class TrendlineEstimator {
    public static final int DEFAULT_WINDOW = 20;
    static final double SMOOTHING = 0.9;
    static final int MAX_DELTA_COUNT = 1000;

    private final int window;
    private final double[] xMs;
    private final double[] yMs;
    private int points;
    private int next;
    private int numDeltas;
    private boolean haveFirstArrival;
    private long firstArrivalNanos;
    private double accumulatedDelayMs;
    private double smoothedDelayMs;
    private double slope;

    public TrendlineEstimator() {
        this(DEFAULT_WINDOW);
    }

    public TrendlineEstimator(int window) {
        if (window < 2) {
            throw new IllegalArgumentException("window must be at least 2: " + window);
        }
        this.window = window;
        xMs = new double[window];
        yMs = new double[window];
    }

    /**
     * Adds the deltas between two consecutive packet groups; {@code arrivalNanos} is the arrival of the later group.
     * Returns the slope, which keeps its previous value until the window is full.
     */
    public double update(double arrivalDeltaMs, double sendDeltaMs, long arrivalNanos) {
        double deltaMs = arrivalDeltaMs - sendDeltaMs;
        numDeltas = Math.min(numDeltas + 1, MAX_DELTA_COUNT);
        if (!haveFirstArrival) {
            haveFirstArrival = true;
            firstArrivalNanos = arrivalNanos;
        }
        accumulatedDelayMs += deltaMs;
        smoothedDelayMs = SMOOTHING * smoothedDelayMs + (1 - SMOOTHING) * accumulatedDelayMs;
        xMs[next] = (arrivalNanos - firstArrivalNanos) / 1e6;
        yMs[next] = smoothedDelayMs;
        next = next + 1 == window ? 0 : next + 1;
        if (points < window) {
            points++;
        }
        if (points == window) {
            double fitted = linearFitSlope();
            if (!Double.isNaN(fitted)) {
                slope = fitted;
            }
        }
        return slope;
    }

    /** Latest slope of smoothed delay against arrival time; 0 until the window has filled. */
    public double slope() {
        return slope;
    }

    /** Deltas seen since the last reset, capped at 1000. */
    public int numDeltas() {
        return numDeltas;
    }

    /** Smoothed accumulated delay variation in ms (diagnostics). */
    public double smoothedDelayMs() {
        return smoothedDelayMs;
    }

    public void reset() {
        points = 0;
        next = 0;
        numDeltas = 0;
        haveFirstArrival = false;
        accumulatedDelayMs = 0;
        smoothedDelayMs = 0;
        slope = 0;
    }

    private double linearFitSlope() {
        double sumX = 0;
        double sumY = 0;
        for (int i = 0; i < points; i++) {
            sumX += xMs[i];
            sumY += yMs[i];
        }
        double avgX = sumX / points;
        double avgY = sumY / points;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < points; i++) {
            double dx = xMs[i] - avgX;
            numerator += dx * (yMs[i] - avgY);
            denominator += dx * dx;
        }
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }
}

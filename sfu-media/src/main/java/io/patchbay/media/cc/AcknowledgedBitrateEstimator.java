package io.patchbay.media.cc;

/**
 * The rate at which the remote end is receiving our packets, from the receive times and sizes that feedback reports
 * (libwebrtc's {@code AcknowledgedBitrateEstimator} and {@code BitrateEstimator}). Bytes are summed over windows of
 * receive time, 500 ms for the first sample and 150 ms after, or longer at low rates so that a window holds about 20
 * packets (unlike libwebrtc: with 7 or 8 packets per window, counting whole packets alone makes samples swing by
 * 13%, and decreases under overuse follow the low swings); each window's rate is a sample that is merged into the
 * estimate by a scalar Bayesian update, where a sample far from the estimate is trusted less (uncertainty
 * {@code 10 x |estimate - sample| / estimate}) and the estimate's own variance grows by 5 per sample.
 *
 * <p>Receive times are on the remote clock: only their differences matter. A receive time going backwards restarts the
 * current window. Not thread-safe: owned by one media thread.
 */
public final class AcknowledgedBitrateEstimator {
    static final long INITIAL_WINDOW_NANOS = 500_000_000L;
    static final long WINDOW_NANOS = 150_000_000L;
    static final double UNCERTAINTY_SCALE = 10.0;
    static final double INITIAL_VARIANCE = 50.0;
    static final double PROCESS_NOISE = 5.0;
    static final int PACKETS_PER_WINDOW = 20;
    static final double PACKET_SIZE_SMOOTHING = 0.95;

    private boolean havePrevious;
    private long previousNanos;
    private long currentWindowNanos;
    private long windowBytes;
    private boolean haveEstimate;
    private double estimateKbps;
    private double variance = INITIAL_VARIANCE;
    private double averagePacketBytes;

    /** Adds one packet reported as received. Feed the packets of a feedback in receive-time order. */
    public void onPacketReceived(long receiveNanos, int sizeBytes) {
        averagePacketBytes = averagePacketBytes == 0 ? sizeBytes
                : PACKET_SIZE_SMOOTHING * averagePacketBytes + (1 - PACKET_SIZE_SMOOTHING) * sizeBytes;
        long window = haveEstimate ? windowNanos() : INITIAL_WINDOW_NANOS;
        double sampleKbps = updateWindow(receiveNanos, sizeBytes, window);
        if (sampleKbps < 0) {
            return;
        }
        if (!haveEstimate) {
            estimateKbps = sampleKbps;
            haveEstimate = true;
            return;
        }
        double uncertainty = UNCERTAINTY_SCALE * Math.abs(estimateKbps - sampleKbps) / Math.max(estimateKbps, 1e-3);
        double sampleVariance = uncertainty * uncertainty;
        double predictedVariance = variance + PROCESS_NOISE;
        estimateKbps = (sampleVariance * estimateKbps + predictedVariance * sampleKbps)
                / (sampleVariance + predictedVariance);
        estimateKbps = Math.max(estimateKbps, 0);
        variance = sampleVariance * predictedVariance / (sampleVariance + predictedVariance);
    }

    /** The acknowledged bitrate in bps, or -1 before the first window has completed. */
    public long bitrateBps() {
        return haveEstimate ? (long) (estimateKbps * 1000) : -1;
    }

    public void reset() {
        havePrevious = false;
        currentWindowNanos = 0;
        windowBytes = 0;
        haveEstimate = false;
        estimateKbps = 0;
        variance = INITIAL_VARIANCE;
        averagePacketBytes = 0;
    }

    /** 150 ms, or long enough for {@value #PACKETS_PER_WINDOW} packets at the current estimate, up to 500 ms. */
    private long windowNanos() {
        double bitsPerNano = estimateKbps * 1e-6;
        if (bitsPerNano <= 0) {
            return INITIAL_WINDOW_NANOS;
        }
        double needed = PACKETS_PER_WINDOW * averagePacketBytes * 8 / bitsPerNano;
        return (long) Math.max(WINDOW_NANOS, Math.min(INITIAL_WINDOW_NANOS, needed));
    }

    /** Returns the rate of a window that this packet closes, in kbps, or -1. */
    private double updateWindow(long nowNanos, int sizeBytes, long windowNanos) {
        if (havePrevious && nowNanos < previousNanos) {
            havePrevious = false;
            windowBytes = 0;
            currentWindowNanos = 0;
        }
        if (havePrevious) {
            long elapsed = nowNanos - previousNanos;
            currentWindowNanos += elapsed;
            if (elapsed > windowNanos) {
                // A gap longer than a window: nothing to measure across it.
                windowBytes = 0;
                currentWindowNanos %= windowNanos;
            }
        }
        previousNanos = nowNanos;
        havePrevious = true;
        double sampleKbps = -1;
        if (currentWindowNanos >= windowNanos) {
            sampleKbps = windowBytes * 8.0 * 1e6 / windowNanos; // bits per ms = kbps
            currentWindowNanos -= windowNanos;
            windowBytes = 0;
        }
        windowBytes += sizeBytes;
        return sampleKbps;
    }
}

package io.patchbay.media.cc;

/**
 * The share of packets a path loses whatever the rate (Wi-Fi, a lossy radio link): the baseline that loss must rise
 * above before it says "congestion". Classic GCC (draft-ietf-rmcat-gcc-02 section 6) holds the rate between 2% and
 * 10% loss and only grows below 2%, so on a path with 5% random loss the estimate can never grow, and windows that
 * read above 10% by chance ratchet it down: a three-party call at 5% loss ended at the 150 kbps floor in three fresh
 * runs of five. libwebrtc's LossBasedBweV2 solves the same problem by fitting an "inherent loss" beside the bandwidth.
 *
 * <p>This is the small version of that idea: the window loss fractions are smoothed (EWMA, a quarter per window, so a
 * few seconds); the inherent loss follows the smoothed loss down at once and up by at most
 * {@link #RISE_PER_SECOND}, so loss that appears together with a rate increase (congestion at a policer) stays above
 * it, while loss that stays whatever the rate becomes the baseline. It never exceeds {@link #MAX}: a policer that
 * drops more than that is still seen as congestion, and at worst the sender runs {@code MAX} above its loss.
 *
 * <p>Not thread-safe: owned by one media thread. Allocation-free.
 */
final class InherentLoss {
    /** Highest loss taken as the path's own (libwebrtc's LossBasedBweV2 bounds it at 5% + 75 kbps / bandwidth). */
    static final double MAX = 0.06;
    static final double RISE_PER_SECOND = 0.01;
    static final double SMOOTHING = 0.25;
    private static final long NONE = Long.MIN_VALUE;

    private double smoothed;
    private double inherent;
    private long lastNanos = NONE;

    /** One closed loss window's fraction at {@code nowNanos}. */
    void onWindow(double lossFraction, long nowNanos) {
        if (lastNanos == NONE) {
            smoothed = lossFraction;
            lastNanos = nowNanos;
            return; // one window says nothing about the baseline yet
        }
        smoothed += SMOOTHING * (lossFraction - smoothed);
        double seconds = Math.max(0, nowNanos - lastNanos) / 1e9;
        lastNanos = nowNanos;
        inherent = Math.min(smoothed, inherent + RISE_PER_SECOND * seconds);
        inherent = Math.min(MAX, Math.max(0, inherent));
    }

    /** The path's own loss fraction, 0..{@link #MAX}. */
    double fraction() {
        return inherent;
    }
}

package io.patchbay.media.cc;

/**
 * The loss-based rate (draft-ietf-rmcat-gcc-02 section 6; libwebrtc's classic {@code SendSideBandwidthEstimation}).
 * Packets reported by feedback are counted into a window that closes after at least 20 packets and 500 ms (the
 * first window: 20 packets); at
 * each close the window's loss fraction {@code p} moves the rate, starting from the lower of this rate and the
 * combined estimate the caller passes in (as libwebrtc keeps one target capped by the delay-based limit):
 *
 * <ul>
 *   <li>{@code p < 2% + i}: increase by 8% per second (scaled to the time since the last increase, plus 1 kbps per
 *       second), or by the startup growth until the first decrease;</li>
 *   <li>{@code 2% + i <= p <= 10% + i}: hold;</li>
 *   <li>{@code p > 10% + i}: multiply by {@code 1 - 0.5 (p - i)}, at most once per {@code 300 ms + rtt}.</li>
 * </ul>
 * where {@code i} is the path's {@link InherentLoss} as it stood before the window (0 on a clean path, which makes
 * this the draft's rule): random loss that does not come with a rate increase neither holds nor cuts the rate.
 *
 * <p>Times are nanoseconds on the caller's clock. Not thread-safe: owned by one media thread.
 */
public final class LossBasedController {
    /** Loss decreases stop at this share of the acknowledged bitrate (as delay-based decreases do, GCC 5.5). */
    static final double ACKNOWLEDGED_FLOOR = 0.85;
    static final int MIN_PACKETS_PER_WINDOW = 20;
    static final long MIN_WINDOW_NANOS = 500_000_000L;
    static final double LOW_LOSS = 0.02;
    static final double HIGH_LOSS = 0.10;
    static final double INCREASE_FACTOR_PER_SECOND = 1.08;
    static final double ADDITIVE_INCREASE_BPS_PER_SECOND = 1000;
    static final long DECREASE_INTERVAL_NANOS = 300_000_000L;
    private static final long NONE = Long.MIN_VALUE;

    private final double minBps;
    private final double maxBps;
    private final double startupGrowthPerSecond;
    private double estimateBps;
    private int expected;
    private int lost;
    private long windowStartNanos = NONE;
    private long lastIncreaseNanos = NONE;
    private long lastDecreaseNanos = NONE;
    private double lossFraction;
    private boolean startup = true;
    private long decreases;
    private final InherentLoss inherentLoss = new InherentLoss();

    public LossBasedController(long initialBps, long minBps, long maxBps, double startupGrowthPerSecond) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.startupGrowthPerSecond = startupGrowthPerSecond;
        this.estimateBps = clamp(initialBps);
    }

    /** Counts one packet that feedback reported for the first time, received or not. */
    public void onPacketReported(boolean received) {
        expected++;
        if (!received) {
            lost++;
        }
    }

    /** A packet counted as lost was reported as received by a later feedback. */
    public void onLateArrival() {
        if (lost > 0) {
            lost--;
        }
    }

    /**
     * Closes the loss window if it is full and applies its loss fraction. {@code combinedBps} is the current final
     * estimate, which the rate is re-based on. Returns true when the window closed.
     */
    public boolean maybeUpdate(long nowNanos, long combinedBps, long rttNanos) {
        return maybeUpdate(nowNanos, combinedBps, rttNanos, 0);
    }

    /**
     * As {@link #maybeUpdate(long, long, long)}, with a floor for decreases: a loss decrease never goes below
     * {@link #ACKNOWLEDGED_FLOOR} of {@code acknowledgedBps}, the rate the path demonstrably delivered. Without it,
     * bursts into a short drop-tail queue (keyframes) drive the estimate far below the link (0 = unknown).
     */
    public boolean maybeUpdate(long nowNanos, long combinedBps, long rttNanos, long acknowledgedBps) {
        if (expected < MIN_PACKETS_PER_WINDOW
                || windowStartNanos != NONE && nowNanos - windowStartNanos < MIN_WINDOW_NANOS) {
            return false;
        }
        lossFraction = (double) lost / expected;
        expected = 0;
        lost = 0;
        windowStartNanos = nowNanos;
        double base = Math.min(estimateBps, combinedBps);
        double inherent = inherentLoss.fraction();
        inherentLoss.onWindow(lossFraction, nowNanos);
        if (lossFraction < LOW_LOSS + inherent) {
            double next = base;
            if (lastIncreaseNanos != NONE) {
                double seconds = Math.min(nowNanos - lastIncreaseNanos, 1_000_000_000L) / 1e9;
                double factor = startup ? startupGrowthPerSecond : INCREASE_FACTOR_PER_SECOND;
                next = base * Math.pow(factor, seconds) + ADDITIVE_INCREASE_BPS_PER_SECOND * seconds;
            }
            estimateBps = clamp(next);
            lastIncreaseNanos = nowNanos;
        } else if (lossFraction <= HIGH_LOSS + inherent) {
            estimateBps = clamp(base);
            lastIncreaseNanos = nowNanos;
        } else {
            double next = base;
            if (lastDecreaseNanos == NONE || nowNanos - lastDecreaseNanos >= DECREASE_INTERVAL_NANOS + rttNanos) {
                next = Math.max(base * (1 - 0.5 * (lossFraction - inherent)), ACKNOWLEDGED_FLOOR * acknowledgedBps);
                lastDecreaseNanos = nowNanos;
                decreases++;
                startup = false;
            }
            estimateBps = clamp(next);
            lastIncreaseNanos = nowNanos;
        }
        return true;
    }

    public long estimateBps() {
        return (long) estimateBps;
    }

    /** Loss fraction of the last closed window, 0 before the first. */
    public double lossFraction() {
        return lossFraction;
    }

    /** The loss this path shows whatever the rate, as far as the windows so far tell (see {@link InherentLoss}). */
    public double inherentLossFraction() {
        return inherentLoss.fraction();
    }

    /** When loss last cut the rate, or {@link Long#MIN_VALUE} if never. */
    public long lastDecreaseNanos() {
        return lastDecreaseNanos;
    }

    /** How many times loss has cut the rate. */
    public long decreases() {
        return decreases;
    }

    public boolean inStartup() {
        return startup;
    }

    public void endStartup() {
        startup = false;
    }

    /** A probe showed the path carries {@code bps}: the rate may start from there. */
    public void raiseTo(long bps) {
        estimateBps = Math.max(estimateBps, clamp(bps));
    }

    private double clamp(double bps) {
        return Math.max(minBps, Math.min(maxBps, bps));
    }
}

package io.patchbay.media.cc;

/**
 * The delay-based rate: additive-increase, multiplicative-decrease driven by {@link BandwidthUsage}
 * (draft-ietf-rmcat-gcc-02 section 5.5; libwebrtc's {@code AimdRateControl}).
 *
 * <ul>
 *   <li>OVERUSING: decrease to 0.85 x the acknowledged bitrate (or 0.85 x the link-capacity estimate if that would
 *       not be a decrease), then HOLD.</li>
 *   <li>UNDERUSING: HOLD (a queue is draining; the acknowledged rate is inflated).</li>
 *   <li>NORMAL: from HOLD go to INCREASE. While the link capacity is unknown the increase is multiplicative, 8% per
 *       second (or the startup growth until the first decrease); near a known capacity it is additive, about half a
 *       packet per response time, where the response time is {@code 2 x (rtt + 100 ms)}. The rate never increases
 *       above {@code 1.5 x acknowledged + 10 kbps}.</li>
 * </ul>
 *
 * <p>The RTT (default 200 ms) also spaces repeated decreases: while overuse lasts, the estimate is cut again only
 * after {@code clamp(rtt, 10 ms, 200 ms)}, or at once if the acknowledged rate fell below half the estimate.
 *
 * <p>Times are nanoseconds on the caller's clock. Not thread-safe: owned by one media thread.
 */
public final class AimdRateController {
    static final double BETA = 0.85;
    static final double INCREASE_FACTOR_PER_SECOND = 1.08;
    static final long DEFAULT_RTT_NANOS = 200_000_000L;
    static final long MIN_REDUCTION_INTERVAL_NANOS = 10_000_000L;
    static final long MAX_REDUCTION_INTERVAL_NANOS = 200_000_000L;
    static final double MIN_INCREASE_BPS_PER_SECOND = 4000;
    static final double MIN_MULTIPLICATIVE_INCREASE_BPS = 1000;
    private static final long NONE = Long.MIN_VALUE;
    private static final double NANOS_PER_SECOND = 1e9;

    private enum RateState { HOLD, INCREASE, DECREASE }

    private final double minBps;
    private final double maxBps;
    private final double startupGrowthPerSecond;
    private final AimdLinkCapacityEstimator linkCapacity = new AimdLinkCapacityEstimator();
    private double currentBps;
    private double latestAckedBps;
    private RateState rateState = RateState.HOLD;
    private long lastChangeNanos = NONE;
    private long lastDecreaseNanos = NONE;
    private long rttNanos = DEFAULT_RTT_NANOS;
    private boolean startup = true;

    public AimdRateController(long initialBps, long minBps, long maxBps, double startupGrowthPerSecond) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.startupGrowthPerSecond = startupGrowthPerSecond;
        this.currentBps = clamp(initialBps);
        this.latestAckedBps = currentBps;
    }

    /**
     * Applies the detector's state. {@code ackedBps} is the acknowledged bitrate, or a negative value when none is
     * known yet (the last known one, initially the start rate, is used then). Returns the new estimate.
     */
    public long update(BandwidthUsage usage, long ackedBps, long nowNanos) {
        double throughput = ackedBps >= 0 ? ackedBps : latestAckedBps;
        if (ackedBps >= 0) {
            latestAckedBps = ackedBps;
        }
        changeState(usage, nowNanos);
        double next = currentBps;
        switch (rateState) {
            case HOLD -> { }
            case INCREASE -> {
                if (throughput > linkCapacity.upperBoundBps()) {
                    linkCapacity.reset();
                }
                double limit = 1.5 * throughput + 10_000;
                if (currentBps < limit) {
                    double increased = linkCapacity.hasEstimate()
                            ? currentBps + additiveIncrease(nowNanos)
                            : currentBps + multiplicativeIncrease(nowNanos);
                    next = Math.min(increased, limit);
                }
                lastChangeNanos = nowNanos;
            }
            case DECREASE -> {
                double decreased = throughput * BETA;
                if (decreased > currentBps && linkCapacity.hasEstimate()) {
                    decreased = BETA * linkCapacity.estimateBps();
                }
                if (decreased < currentBps) {
                    next = decreased;
                }
                if (throughput < linkCapacity.lowerBoundBps()) {
                    linkCapacity.reset();
                }
                linkCapacity.onOveruseDetected(throughput);
                rateState = RateState.HOLD;
                lastChangeNanos = nowNanos;
                lastDecreaseNanos = nowNanos;
                startup = false;
            }
            default -> throw new AssertionError(rateState);
        }
        currentBps = clamp(next);
        return (long) currentBps;
    }

    /** True when, under continued overuse, the estimate may be cut again now. */
    public boolean timeToReduceFurther(long nowNanos, long ackedBps) {
        long interval = Math.max(MIN_REDUCTION_INTERVAL_NANOS, Math.min(MAX_REDUCTION_INTERVAL_NANOS, rttNanos));
        if (lastChangeNanos == NONE || nowNanos - lastChangeNanos >= interval) {
            return true;
        }
        return ackedBps < 0.5 * currentBps;
    }

    /** {@link #timeToReduceFurther} before any acknowledged bitrate is known. */
    public boolean initialTimeToReduceFurther(long nowNanos) {
        return timeToReduceFurther(nowNanos, (long) (currentBps / 2) - 1);
    }

    /** Sets the estimate directly (used to halve it on overuse before any acknowledged bitrate is known). */
    public void setEstimate(long bps, long nowNanos) {
        double previous = currentBps;
        currentBps = clamp(bps);
        lastChangeNanos = nowNanos;
        if (currentBps < previous) {
            lastDecreaseNanos = nowNanos;
            startup = false;
        }
    }

    public void setRtt(long rttNanos) {
        if (rttNanos > 0) {
            this.rttNanos = rttNanos;
        }
    }

    public long rttNanos() {
        return rttNanos;
    }

    public long estimateBps() {
        return (long) currentBps;
    }

    /** True until the first decrease: increases use the startup growth instead of 8% per second. */
    public boolean inStartup() {
        return startup;
    }

    public void endStartup() {
        startup = false;
    }

    /** Time of the last decrease, or {@link Long#MIN_VALUE} if none. */
    public long lastDecreaseNanos() {
        return lastDecreaseNanos;
    }

    /** Additive increase rate near the link capacity, in bps per second (half a packet per response time). */
    double nearMaxIncreaseBpsPerSecond() {
        double frameBits = currentBps / 30.0;
        double packetBits = 1200 * 8;
        double packetsPerFrame = Math.ceil(frameBits / packetBits);
        double avgPacketBits = frameBits / packetsPerFrame;
        double responseSeconds = 2.0 * (rttNanos + 100_000_000L) / NANOS_PER_SECOND;
        return Math.max(MIN_INCREASE_BPS_PER_SECOND, avgPacketBits / responseSeconds);
    }

    private void changeState(BandwidthUsage usage, long nowNanos) {
        switch (usage) {
            case NORMAL -> {
                if (rateState == RateState.HOLD) {
                    lastChangeNanos = nowNanos;
                    rateState = RateState.INCREASE;
                }
            }
            case OVERUSING -> rateState = RateState.DECREASE;
            case UNDERUSING -> rateState = RateState.HOLD;
            default -> throw new AssertionError(usage);
        }
    }

    private double multiplicativeIncrease(long nowNanos) {
        double factor = startup ? startupGrowthPerSecond : INCREASE_FACTOR_PER_SECOND;
        double alpha = factor;
        if (lastChangeNanos != NONE) {
            double seconds = Math.min(Math.max(nowNanos - lastChangeNanos, 0), 1_000_000_000L) / NANOS_PER_SECOND;
            alpha = Math.pow(factor, seconds);
        }
        return Math.max(currentBps * (alpha - 1.0), MIN_MULTIPLICATIVE_INCREASE_BPS);
    }

    private double additiveIncrease(long nowNanos) {
        double seconds = Math.max(nowNanos - lastChangeNanos, 0) / NANOS_PER_SECOND;
        return nearMaxIncreaseBpsPerSecond() * seconds;
    }

    private double clamp(double bps) {
        return Math.max(minBps, Math.min(maxBps, bps));
    }
}

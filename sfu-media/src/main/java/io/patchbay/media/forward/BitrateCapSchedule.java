package io.patchbay.media.forward;

/**
 * What REMB to send a publisher for one video track each report interval, given the cap {@link BitrateCapPolicy} gives
 * now. Media thread only.
 *
 * <p>REMB is a limit the publisher keeps until it is told another one: libwebrtc holds the last value it received as
 * an upper bound on its send-side estimate. So a cap that ends (the subscriber that set it has not been congested for
 * {@link BitrateCapPolicy#CONGESTION_MEMORY_NANOS}) must be lifted, not merely no longer sent; otherwise the publisher
 * stays at the last cap for the rest of the call, and the subscriber's estimate floats up to GCC's 1.5 x of what it
 * receives without ever meeting its path's limit again. The lift is repeated a few times because RTCP can be lost.
 */
final class BitrateCapSchedule {
    /** Sent to lift a cap: far above anything a camera sends, so the publisher's own estimate decides. */
    static final long LIFTED_BPS = 1_000_000_000L;
    /** Report intervals the lift is sent in. */
    static final int LIFT_REPEATS = 3;
    /** Returned when nothing is to be sent. */
    static final long NOTHING = -1;

    private int liftsLeft;

    /**
     * @param capBps this interval's cap, or {@link BitrateCapPolicy#NO_CAP}
     * @return the bitrate to send in a REMB now, or {@link #NOTHING}
     */
    long next(long capBps) {
        if (capBps != BitrateCapPolicy.NO_CAP) {
            liftsLeft = LIFT_REPEATS;
            return capBps;
        }
        if (liftsLeft == 0) return NOTHING;
        liftsLeft--;
        return LIFTED_BPS;
    }
}

package io.patchbay.media.forward;

/**
 * When to probe a subscriber's path, and how hard: the allocator wants more than the estimate allows (a layer up
 * is held back by bandwidth), nothing says the path is congested, and the last probe is far enough back. The
 * estimate of a path that carries little grows only to 1.5 x what it carries, so without probes a subscriber that
 * once dropped to a low layer would stay there after its link recovered. Pure; time is passed in.
 *
 * <p>A probe runs {@link #PROBE_NANOS} at {@link #targetBps}: what is wanted plus 30% (room for the allocator's
 * upgrade headroom), at most one and a half times the estimate, so that a path climbs in steps (each success lets
 * the next probe follow a second later) and a failed probe into a narrow link adds little to its queue (at 400 kbps
 * with a 300 ms buffer, half the estimate more for 300 ms fits in the buffer). A probe that shows at least
 * {@link #SUCCESS_SHARE} of its target is a success; after a failure the next waits 2 s, then 4 s at most, which
 * bounds how long a recovered link goes unnoticed.
 */
final class ProbePolicy {
    static final long PROBE_NANOS = 300_000_000L;
    static final long AFTER_SUCCESS_NANOS = 1_000_000_000L;
    static final long FIRST_BACKOFF_NANOS = 2_000_000_000L;
    static final long MAX_BACKOFF_NANOS = 4_000_000_000L;
    static final double SUCCESS_SHARE = 0.8;

    private long nextAllowedNanos;
    private long backoffNanos = FIRST_BACKOFF_NANOS;

    boolean shouldStart(long nowNanos, long estimateBps, long wantedBps, boolean congested) {
        return !congested && estimateBps > 0 && wantedBps > estimateBps && nowNanos - nextAllowedNanos >= 0;
    }

    static long targetBps(long estimateBps, long wantedBps) {
        return Math.min(wantedBps + wantedBps * 3 / 10, estimateBps + estimateBps / 2);
    }

    /** A probe aimed at {@code targetBps} measured {@code resultBps} (-1: nothing). */
    void onResult(long nowNanos, long targetBps, long resultBps) {
        if (resultBps >= targetBps * SUCCESS_SHARE) {
            backoffNanos = FIRST_BACKOFF_NANOS;
            nextAllowedNanos = nowNanos + AFTER_SUCCESS_NANOS;
        } else {
            nextAllowedNanos = nowNanos + backoffNanos;
            backoffNanos = Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
        }
    }

    /** The path just got worse (loss, overuse): no probe for a while. */
    void onCongestion(long nowNanos) {
        nextAllowedNanos = Math.max(nextAllowedNanos, nowNanos + FIRST_BACKOFF_NANOS);
    }
}

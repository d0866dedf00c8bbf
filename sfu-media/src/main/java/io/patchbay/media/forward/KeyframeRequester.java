package io.patchbay.media.forward;

/**
 * Throttles keyframe requests toward one publisher track: subscribers' PLI/FIR and the server's own requests are
 * merged into at most one request per interval (RFC 4585 6.3.1, RFC 5104 4.3.1). Pure state; time is passed in.
 */
final class KeyframeRequester {
    static final long MIN_INTERVAL_NANOS = 300_000_000L;

    private long lastRequestNanos;
    private boolean requestedOnce;
    private int firSequence;

    /** Returns true if a request should go out now. */
    boolean shouldRequest(long nowNanos) {
        if (requestedOnce && nowNanos - lastRequestNanos < MIN_INTERVAL_NANOS) return false;
        requestedOnce = true;
        lastRequestNanos = nowNanos;
        return true;
    }

    /** Next FIR command sequence number (RFC 5104 4.3.1.1: incremented per new request, modulo 256). */
    int nextFirSequence() {
        firSequence = (firSequence + 1) & 0xFF;
        return firSequence;
    }
}

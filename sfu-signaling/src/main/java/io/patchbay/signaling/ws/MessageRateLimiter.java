package io.patchbay.signaling.ws;

/**
 * Messages per second one WebSocket may send: a token bucket (sustained rate, burst). A refused message is dropped;
 * the first of a run of refusals gets an {@code error} ({@code rate-limited}), and a client that keeps going past
 * {@link #REFUSALS_BEFORE_CLOSE} refusals in a row is disconnected. Pure state; time is passed in.
 */
final class MessageRateLimiter {
    /**
     * Well above what /patchbay.js sends (a join's candidates come in bursts of 5-20, get-stats once a second);
     * answers to the server's own offers are given back ({@link #refund}), so a busy room never counts against it.
     */
    static final double MESSAGES_PER_SECOND = 50;
    static final int BURST = 200;
    static final int REFUSALS_BEFORE_CLOSE = 100;

    enum Verdict { ACCEPT, REFUSE_WITH_ERROR, REFUSE, DISCONNECT }

    private final double perSecond;
    private final int burst;
    private double tokens;
    private long lastNanos;
    private int refusedInARow;

    MessageRateLimiter(long nowNanos) {
        this(MESSAGES_PER_SECOND, BURST, nowNanos);
    }

    MessageRateLimiter(double perSecond, int burst, long nowNanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** The message just accepted was solicited by the server (an answer to its offer): it costs nothing. */
    void refund() {
        tokens = Math.min(burst, tokens + 1);
    }

    Verdict onMessage(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        lastNanos = nowNanos;
        tokens = Math.min(burst, tokens + elapsed * perSecond / 1e9);
        if (tokens >= 1) {
            tokens -= 1;
            refusedInARow = 0;
            return Verdict.ACCEPT;
        }
        refusedInARow++;
        if (refusedInARow >= REFUSALS_BEFORE_CLOSE) return Verdict.DISCONNECT;
        return refusedInARow == 1 ? Verdict.REFUSE_WITH_ERROR : Verdict.REFUSE;
    }
}

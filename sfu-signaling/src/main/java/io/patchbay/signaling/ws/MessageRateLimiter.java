package io.patchbay.signaling.ws;

/**
 * Messages per second one WebSocket may send: a token bucket (sustained rate, burst). A refused message is dropped;
 * the first of a run of refusals gets an {@code error} ({@code rate-limited}), and a client refused
 * {@link #REFUSALS_BEFORE_CLOSE} times without backing off in between is disconnected. Backing off means letting the
 * bucket refill to half: a flooder gets a message through now and then as tokens trickle in, and those must not wipe
 * its record (they did, and a client flooding at a steady few thousand messages a second was never cut). Pure state;
 * time is passed in.
 */
final class MessageRateLimiter {
    /**
     * Well above what /patchbay.js sends (a join's candidates come in bursts of 5-20, get-stats once a second);
     * answers to the server's own offers are given back ({@link #refund}), so a busy room never counts against it.
     */
    static final double MESSAGES_PER_SECOND = 50;
    static final int BURST = 200;
    static final int REFUSALS_BEFORE_CLOSE = 100;
    /**
     * Until its {@code join}, a socket has no business sending more than a handful of messages (patchbay.js sends
     * {@code join} first): its bucket holds this many, so sockets that never join cost the event loop little.
     */
    static final int BURST_BEFORE_JOIN = 10;
    /** Error replies per second (and burst) a socket gets; beyond that its bad messages are refused silently. */
    static final double ERROR_REPLIES_PER_SECOND = 10;
    static final int ERROR_REPLY_BURST = 20;

    enum Verdict { ACCEPT, REFUSE_WITH_ERROR, REFUSE, DISCONNECT }

    private final double perSecond;
    private final int burst;
    /** The bucket's size now: {@link #BURST_BEFORE_JOIN} for a new socket until {@link #joinReceived}. */
    private int capacity;
    private double errorReplies = ERROR_REPLY_BURST;
    private long errorRepliesAtNanos;
    private double tokens;
    private long lastNanos;
    /** Refusals since the client last backed off. */
    private int refused;
    private boolean lastRefused;

    MessageRateLimiter(long nowNanos) {
        this(MESSAGES_PER_SECOND, BURST, nowNanos);
    }

    MessageRateLimiter(double perSecond, int burst, long nowNanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.capacity = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
        this.errorRepliesAtNanos = nowNanos;
    }

    /** A new socket's limiter: a small bucket until {@link #joinReceived}. */
    static MessageRateLimiter forNewSocket(long nowNanos) {
        MessageRateLimiter limiter = new MessageRateLimiter(nowNanos);
        limiter.capacity = Math.min(BURST_BEFORE_JOIN, limiter.burst);
        limiter.tokens = limiter.capacity;
        return limiter;
    }

    /** The socket sent its {@code join}: the full burst, once (a second join does not refill the bucket). */
    void joinReceived() {
        if (capacity == burst) return;
        capacity = burst;
        tokens = burst;
    }

    /** Whether an error may be sent in reply now (a bucket of its own); a refused one is only counted. */
    boolean allowErrorReply(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - errorRepliesAtNanos);
        errorRepliesAtNanos = nowNanos;
        errorReplies = Math.min(ERROR_REPLY_BURST, errorReplies + elapsed * ERROR_REPLIES_PER_SECOND / 1e9);
        if (errorReplies < 1) return false;
        errorReplies -= 1;
        return true;
    }

    /** The message just accepted was solicited by the server (an answer to its offer): it costs nothing. */
    void refund() {
        tokens = Math.min(capacity, tokens + 1);
    }

    Verdict onMessage(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        lastNanos = nowNanos;
        tokens = Math.min(capacity, tokens + elapsed * perSecond / 1e9);
        if (tokens >= 1) {
            tokens -= 1;
            if (tokens >= capacity / 2.0) refused = 0;
            lastRefused = false;
            return Verdict.ACCEPT;
        }
        refused++;
        if (refused >= REFUSALS_BEFORE_CLOSE) return Verdict.DISCONNECT;
        boolean firstOfRun = !lastRefused;
        lastRefused = true;
        return firstOfRun ? Verdict.REFUSE_WITH_ERROR : Verdict.REFUSE;
    }
}

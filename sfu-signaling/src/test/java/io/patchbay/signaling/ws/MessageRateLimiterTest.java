package io.patchbay.signaling.ws;

import static io.patchbay.signaling.ws.MessageRateLimiter.Verdict.ACCEPT;
import static io.patchbay.signaling.ws.MessageRateLimiter.Verdict.DISCONNECT;
import static io.patchbay.signaling.ws.MessageRateLimiter.Verdict.REFUSE;
import static io.patchbay.signaling.ws.MessageRateLimiter.Verdict.REFUSE_WITH_ERROR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageRateLimiterTest {
    private static final long MS = 1_000_000L;

    @Test
    void aBurstIsAcceptedThenTheSustainedRate() {
        MessageRateLimiter limiter = new MessageRateLimiter(20, 60, 0);
        for (int i = 0; i < 60; i++) assertEquals(ACCEPT, limiter.onMessage(0), "burst message " + i);
        assertEquals(REFUSE_WITH_ERROR, limiter.onMessage(0), "the first refusal is explained");
        assertEquals(REFUSE, limiter.onMessage(1 * MS), "the next ones are dropped silently");
        assertEquals(ACCEPT, limiter.onMessage(50 * MS), "one token per 50 ms at 20/s");
        assertEquals(REFUSE_WITH_ERROR, limiter.onMessage(51 * MS), "a new run of refusals is explained again");
    }

    @Test
    void aClientThatKeepsFloodingIsDisconnected() {
        MessageRateLimiter limiter = new MessageRateLimiter(20, 60, 0);
        for (int i = 0; i < 60; i++) limiter.onMessage(0);
        MessageRateLimiter.Verdict last = null;
        int refusals = 0;
        while (last != DISCONNECT) {
            last = limiter.onMessage(0);
            refusals++;
        }
        assertEquals(MessageRateLimiter.REFUSALS_BEFORE_CLOSE, refusals);
    }

    /** A flood at 2,000 messages/s gets one through every 50 ms as tokens trickle in: that is no backing off. */
    @Test
    void aSteadyFloodIsDisconnectedThoughTokensTrickleIn() {
        MessageRateLimiter limiter = new MessageRateLimiter(20, 60, 0);
        MessageRateLimiter.Verdict last = null;
        int accepted = 0;
        long t = 0;
        for (int i = 0; i < 10_000 && last != DISCONNECT; i++, t += MS / 2) {
            last = limiter.onMessage(t);
            if (last == ACCEPT) accepted++;
        }
        assertEquals(DISCONNECT, last);
        assertTrue(accepted <= 60 + 3, accepted + " accepted: the burst, then what trickled in before the 100th refusal");
    }

    /** A client that bursts past the limit, then waits until half the bucket is back, starts with a clean record. */
    @Test
    void backingOffClearsTheRecord() {
        MessageRateLimiter limiter = new MessageRateLimiter(20, 60, 0);
        long t = 0;
        for (int round = 0; round < 10; round++) {
            int refusals = 0;
            while (refusals < MessageRateLimiter.REFUSALS_BEFORE_CLOSE - 1) {
                MessageRateLimiter.Verdict v = limiter.onMessage(t);
                assertNotEquals(DISCONNECT, v, "round " + round);
                if (v != ACCEPT) refusals++;
            }
            t += 3_000 * MS; // the whole bucket back
            assertEquals(ACCEPT, limiter.onMessage(t));
        }
    }

    /** A socket that has not sent its join gets a handful of messages; its join opens the full burst. */
    @Test
    void beforeItsJoinASocketGetsAHandful() {
        MessageRateLimiter limiter = MessageRateLimiter.forNewSocket(0);
        int accepted = 0;
        for (int i = 0; i < 50; i++) if (limiter.onMessage(0) == ACCEPT) accepted++;
        assertEquals(MessageRateLimiter.BURST_BEFORE_JOIN, accepted);
        limiter.joinReceived();
        accepted = 0;
        for (int i = 0; i < 500; i++) if (limiter.onMessage(0) == ACCEPT) accepted++;
        assertEquals(MessageRateLimiter.BURST, accepted, "the join opens the full burst at once");
        limiter.joinReceived();
        assertNotEquals(ACCEPT, limiter.onMessage(0), "a second join does not refill it");
    }

    @Test
    void errorRepliesHaveABucketOfTheirOwn() {
        MessageRateLimiter limiter = new MessageRateLimiter(0);
        int replies = 0;
        for (int i = 0; i < 100; i++) if (limiter.allowErrorReply(0)) replies++;
        assertEquals(MessageRateLimiter.ERROR_REPLY_BURST, replies);
        assertTrue(limiter.allowErrorReply(100 * MS), "one more after 100 ms at 10 per second");
        assertFalse(limiter.allowErrorReply(100 * MS));
    }

    @Test
    void aRefundedMessageCostsNothing() {
        MessageRateLimiter limiter = new MessageRateLimiter(20, 60, 0);
        for (int i = 0; i < 1_000; i++) {
            assertEquals(ACCEPT, limiter.onMessage(0), "answer " + i);
            limiter.refund();
        }
    }

    @Test
    void tokensDoNotAccumulatePastTheBurst() {
        MessageRateLimiter limiter = new MessageRateLimiter(20, 60, 0);
        long hourLater = 3_600_000 * MS;
        for (int i = 0; i < 60; i++) assertEquals(ACCEPT, limiter.onMessage(hourLater));
        assertEquals(REFUSE_WITH_ERROR, limiter.onMessage(hourLater));
    }
}

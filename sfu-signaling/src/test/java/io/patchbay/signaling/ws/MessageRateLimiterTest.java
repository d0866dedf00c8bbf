package io.patchbay.signaling.ws;

import static io.patchbay.signaling.ws.MessageRateLimiter.Verdict.ACCEPT;
import static io.patchbay.signaling.ws.MessageRateLimiter.Verdict.DISCONNECT;
import static io.patchbay.signaling.ws.MessageRateLimiter.Verdict.REFUSE;
import static io.patchbay.signaling.ws.MessageRateLimiter.Verdict.REFUSE_WITH_ERROR;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

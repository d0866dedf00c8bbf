package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyframeRequesterTest {
    private static final long MS = 1_000_000L;

    @Test
    void atMostOneRequestPer300Milliseconds() {
        KeyframeRequester r = new KeyframeRequester();
        assertTrue(r.shouldRequest(1_000 * MS));
        assertFalse(r.shouldRequest(1_100 * MS), "a second subscriber's PLI 100 ms later is merged");
        assertFalse(r.shouldRequest(1_299 * MS));
        assertTrue(r.shouldRequest(1_300 * MS));
    }

    @Test
    void firstRequestAtClockZeroIsNotThrottled() {
        assertTrue(new KeyframeRequester().shouldRequest(0));
    }

    @Test
    void firSequenceNumbersIncreaseModulo256() {
        KeyframeRequester r = new KeyframeRequester();
        for (int i = 1; i <= 255; i++) assertEquals(i, r.nextFirSequence());
        assertEquals(0, r.nextFirSequence());
    }
}

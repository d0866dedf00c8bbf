package io.patchbay.media.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.patchbay.media.DropReason;
import io.patchbay.media.MediaLimits;
import org.junit.jupiter.api.Test;

/** The per-transport ingress budget, on a clock the test drives. */
class IngressBudgetTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstOfOneSecondPassesThenTheRateIsHeld() {
        IngressBudget budget = new IngressBudget(new MediaLimits(100, 100_000_000L, 10_000, 2, 0));
        long now = 5 * SECOND;
        int admitted = 0;
        for (int i = 0; i < 1_000; i++) {
            if (budget.admit(100, now) == null) admitted++;
        }
        assertEquals(100, admitted, "one second of burst");
        assertEquals(DropReason.OVER_RATE_BUDGET, budget.admit(100, now));
        // Over the next 10 s at 1,000 packets/s offered, 100 per second get through.
        admitted = 0;
        for (int ms = 1; ms <= 10_000; ms++) {
            if (budget.admit(100, now + ms * 1_000_000L) == null) admitted++;
        }
        assertEquals(1_000, admitted, 2);
    }

    @Test
    void bitsPerSecondBoundLargePackets() {
        IngressBudget budget = new IngressBudget(new MediaLimits(100_000, 8 * 12_000L, 10_000, 2, 0));
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            if (budget.admit(1_200, SECOND) == null) admitted++;
        }
        assertEquals(10, admitted, "12,000 bytes of burst in 1,200-byte packets");
    }

    @Test
    void heldBuffersAreBoundedUntilReleased() {
        IngressBudget budget = new IngressBudget(new MediaLimits(100_000, 100_000_000L, 16, 2, 0));
        for (int i = 0; i < 16; i++) assertNull(budget.admit(100, SECOND));
        assertEquals(DropReason.OVER_BUFFER_BUDGET, budget.admit(100, SECOND));
        budget.released();
        assertNull(budget.admit(100, SECOND));
        assertEquals(16, budget.heldBuffers());
    }
}

package io.patchbay.signaling.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A relay link takes tracks until their SSRCs would pass its limit, refuses the next, and takes them again once freed. */
class RelayBudgetTest {

    @Test
    void tracksFitUntilTheLimitThenAreRefusedUntilSomethingEnds() {
        RelayBudget budget = new RelayBudget(1024);
        int simulcastVideo = RelayBudget.ssrcsFor(3, true);
        assertEquals(6, simulcastVideo, "three layers, each with RTX");
        assertEquals(1, RelayBudget.ssrcsFor(1, false), "audio: one stream");
        int tracks = 0;
        while (budget.reserve(simulcastVideo)) tracks++;
        assertEquals(170, tracks, "1,024 SSRCs hold 170 three-layer videos");
        assertEquals(1020, budget.used(), "nothing taken by the refusal");
        assertTrue(budget.reserve(1) && budget.reserve(1) && budget.reserve(1) && budget.reserve(1), "audio fills it");
        assertFalse(budget.reserve(1));
        assertTrue(budget.firstRefusal(), "the first refusal is told");
        assertFalse(budget.firstRefusal(), "later ones are not");
        budget.release(simulcastVideo);
        assertTrue(budget.reserve(simulcastVideo), "a track that ended made room");
    }
}

package io.patchbay.media.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Closing the gaps of dropped positions, in order and out of order. */
class DroppedPositionsTest {
    @Test
    void forwardedPositionsMoveDownByTheDropsBeforeThem() {
        DroppedPositions d = new DroppedPositions();
        d.seen(10);
        assertTrue(d.drop(11));
        assertTrue(d.drop(12));
        d.seen(13);
        assertEquals(2, d.dropsBefore(13));
        assertEquals(0, d.dropsBefore(10), "a late packet from before the drops keeps its number");
        assertFalse(d.drop(12), "a drop is counted once");
        assertFalse(d.drop(9), "a late drop leaves its gap: the numbers after it are out");
        assertEquals(2, d.dropsBefore(20));
    }

    @Test
    void positionsOlderThanTheWindowCountAsBeforeEveryDropInIt() {
        DroppedPositions d = new DroppedPositions();
        d.seen(0);
        d.drop(1);
        d.seen(5000);
        d.drop(5001);
        assertEquals(1, d.dropsBefore(3000), "drop 1 fell out of the window, 5001 is after");
        assertEquals(2, d.dropsBefore(5002));
    }

    /**
     * 10,000 positions, a third dropped, delivered with random local reordering: every forwarded position gets a
     * distinct output, and those forwarded in order form a gap-free run.
     */
    @Test
    void reorderedArrivalsNeverCollide() {
        Random random = new Random(7);
        List<Integer> arrival = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) arrival.add(i);
        for (int i = 0; i + 3 < arrival.size(); i += 3) {
            if (random.nextInt(4) == 0) Collections.swap(arrival, i, i + 1 + random.nextInt(2));
        }
        DroppedPositions d = new DroppedPositions();
        Set<Long> outputs = new HashSet<>();
        for (int position : arrival) {
            if (position % 3 == 2) {
                d.drop(position);
            } else {
                d.seen(position);
                assertTrue(outputs.add(position - d.dropsBefore(position)), "two packets got one number at " + position);
            }
        }
    }
}

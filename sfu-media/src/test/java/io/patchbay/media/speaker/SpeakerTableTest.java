package io.patchbay.media.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpeakerTableTest {

    @Test
    void randomAddsAndRemovesMatchAHashMap() {
        SplittableRandom random = new SplittableRandom(6464);
        SpeakerTable table = new SpeakerTable(100);
        Map<Integer, SpeakerActivity> reference = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            int id = random.nextInt(-150, 150); // a small key range forces long probe runs and wrap-around
            if (random.nextBoolean()) {
                if (table.get(id) == null) {
                    SpeakerActivity speaker = new SpeakerActivity(id);
                    boolean added = table.put(speaker);
                    assertEquals(reference.size() < 100, added, "put " + id + " at size " + reference.size());
                    if (added) {
                        reference.put(id, speaker);
                    }
                }
            } else {
                assertSame(reference.remove(id), table.remove(id), "remove " + id);
            }
            assertEquals(reference.size(), table.size());
            int probe = random.nextInt(-150, 150);
            assertSame(reference.get(probe), table.get(probe), "get " + probe);
        }
    }

    @Test
    void fullTableRefusesAndRemovedIdsAreGone() {
        SpeakerTable table = new SpeakerTable(2);
        assertTrue(table.put(new SpeakerActivity(1)));
        assertTrue(table.put(new SpeakerActivity(2)));
        assertFalse(table.put(new SpeakerActivity(3)));
        assertEquals(1, table.remove(1).id);
        assertNull(table.remove(1));
        assertNull(table.get(1));
        assertEquals(2, table.get(2).id);
    }
}

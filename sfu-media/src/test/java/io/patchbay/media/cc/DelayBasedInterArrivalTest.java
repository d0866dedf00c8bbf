package io.patchbay.media.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DelayBasedInterArrivalTest {
    private static final long MS = 1_000_000L;

    @Test
    void packetsSentWithinFiveMillisecondsFormOneGroup() {
        DelayBasedInterArrival groups = new DelayBasedInterArrival();
        // group 1: sent 0, 2, 4 ms; group 2: sent 10, 12 ms; group 3 starts at 20 ms
        assertFalse(groups.onPacket(0, 100 * MS, 100));
        assertFalse(groups.onPacket(2 * MS, 102 * MS, 100));
        assertFalse(groups.onPacket(4 * MS, 104 * MS, 100));
        assertFalse(groups.onPacket(10 * MS, 111 * MS, 100), "first complete group has no predecessor");
        assertFalse(groups.onPacket(12 * MS, 113 * MS, 100));
        assertTrue(groups.onPacket(20 * MS, 120 * MS, 100));
        assertEquals(12 * MS - 4 * MS, groups.sendDeltaNanos(), "last send time of each group");
        assertEquals(113 * MS - 104 * MS, groups.arrivalDeltaNanos(), "last arrival of each group");
        assertEquals(200 - 300, groups.sizeDeltaBytes());
    }

    @Test
    void queuedBurstJoinsCurrentGroup() {
        DelayBasedInterArrival groups = new DelayBasedInterArrival();
        groups.onPacket(0, 100 * MS, 100);
        // Sent 10 ms later but released by a queue 1 ms after the previous one: same burst, no new group.
        assertFalse(groups.onPacket(10 * MS, 101 * MS, 100));
        assertFalse(groups.onPacket(20 * MS, 102 * MS, 100));
        assertFalse(groups.onPacket(40 * MS, 140 * MS, 100), "a normal gap starts the second group");
        assertTrue(groups.onPacket(60 * MS, 160 * MS, 100));
        assertEquals(40 * MS - 20 * MS, groups.sendDeltaNanos());
        assertEquals(140 * MS - 102 * MS, groups.arrivalDeltaNanos());
    }

    @Test
    void packetSentBeforeCurrentGroupIsIgnored() {
        DelayBasedInterArrival groups = new DelayBasedInterArrival();
        groups.onPacket(10 * MS, 100 * MS, 100);
        assertFalse(groups.onPacket(5 * MS, 101 * MS, 100));
        groups.onPacket(20 * MS, 110 * MS, 100);
        assertTrue(groups.onPacket(30 * MS, 120 * MS, 100));
        assertEquals(10 * MS, groups.sendDeltaNanos());
    }
}

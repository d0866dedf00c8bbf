package io.patchbay.load.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SinkStreamsTest {

    @Test
    void whenFullTheOldestStreamMakesRoom() {
        SinkStreams sink = new SinkStreams();
        StreamCounter first = sink.stream(1);
        assertSame(first, sink.stream(1));
        for (int ssrc = 2; ssrc <= 300; ssrc++) sink.stream(ssrc).onPacket(7, 4);

        assertEquals(256, sink.size());
        StreamCounter latest = sink.stream(300);
        assertEquals(300, latest.ssrc);
        assertEquals(1, latest.received(), "the same counter as before: found, not made again");
        long[] totals = new long[3];
        sink.sum(totals);
        assertEquals(256, totals[0], "one packet on each stream still in the table");
    }
}

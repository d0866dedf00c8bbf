package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.worker.EgressLanes;
import io.patchbay.media.worker.MediaClock;
import io.patchbay.media.worker.MediaWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanOutSpreadTest {
    private final MediaWorker[] workers = new MediaWorker[3];
    private final EgressLanes lanes;

    FanOutSpreadTest() {
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new MediaWorker("spread-" + i, new PacketBufferPool(4), MediaClock.SYSTEM, r -> { });
        }
        lanes = new EgressLanes(workers, n -> { });
    }

    @AfterEach
    void stop() {
        for (MediaWorker w : workers) w.close();
    }

    @Test
    void theRoomsThreadSendsUntilTheThresholdThenTheLeastLoadedDoes() {
        FanOutSpread spread = new FanOutSpread(lanes, 1, 4);
        int[] chosen = new int[10];
        for (int i = 0; i < chosen.length; i++) chosen[i] = spread.assign();
        // Four on the room's thread (1), then the others catch up (0, 2, 0, 2, 0, 2), ties going to the lowest index.
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 2, 0, 2, 0, 2}, chosen);
        assertArrayEquals(new int[] {3, 4, 3}, spread.subscribersPerThread());
        assertNull(spread.laneTo(1), "the room's own thread needs no lane");
        assertSame(lanes.lane(1, 2), spread.laneTo(2));
        // Balanced: the next goes to the room's thread (a tie at 4? no: 0 and 2 have 3).
        assertEquals(0, spread.assign());
        spread.release(1);
        spread.release(1);
        assertEquals(1, spread.assign(), "a thread that lost subscribers gets the next");
    }

    @Test
    void offWithoutLanesOrThreshold() {
        FanOutSpread none = new FanOutSpread(null, -1, 4);
        FanOutSpread zero = new FanOutSpread(lanes, 0, 0);
        for (int i = 0; i < 20; i++) {
            assertEquals(0, none.assign());
            assertEquals(0, zero.assign());
        }
        assertNull(none.laneTo(0));
        assertNull(zero.laneTo(0));
    }
}

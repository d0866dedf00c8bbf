package io.patchbay.media.forward;

import io.patchbay.media.worker.EgressLane;
import io.patchbay.media.worker.EgressLanes;

/**
 * Which media thread protects and sends for each of a room's subscriber transports. A room runs on one thread; once it
 * has {@code spreadFrom} subscribers, each further one is sent for by the thread with the fewest of this room's
 * subscribers (the room's own on a tie), through an {@link EgressLane}: a broadcast's fan-out then uses every core,
 * and its last subscriber gets each packet about 1/threads as late. Decisions stay with the room's thread; only
 * SRTP protection and the send system call move, which are most of a forwarded packet's cost. A subscriber keeps its
 * thread for the life of its transport, so its packets stay in order.
 *
 * <p>Room's thread only.
 */
final class FanOutSpread {
    private final EgressLanes lanes;
    private final int home;
    private final int spreadFrom;
    private final int[] perWorker;
    private int subscribers;

    /** {@code lanes} null or {@code spreadFrom} 0: every subscriber is sent for by the room's own thread. */
    FanOutSpread(EgressLanes lanes, int home, int spreadFrom) {
        boolean on = lanes != null && home >= 0 && spreadFrom > 0 && lanes.workerCount() > 1;
        this.lanes = on ? lanes : null;
        this.home = on ? home : 0;
        this.spreadFrom = spreadFrom;
        this.perWorker = new int[on ? lanes.workerCount() : 1];
    }

    /** Picks the sending thread for a new subscriber transport: its index, for {@link #laneTo} and {@link #release}. */
    int assign() {
        int chosen = home;
        if (lanes != null && subscribers >= spreadFrom) {
            for (int i = 0; i < perWorker.length; i++) {
                if (perWorker[i] < perWorker[chosen]) chosen = i;
            }
        }
        perWorker[chosen]++;
        subscribers++;
        return chosen;
    }

    /** The lane toward thread {@code index}, or null for the room's own thread. */
    EgressLane laneTo(int index) {
        return lanes == null || index == home ? null : lanes.lane(home, index);
    }

    /** A subscriber transport assigned to {@code index} closed. */
    void release(int index) {
        if (index < 0 || index >= perWorker.length) return;
        perWorker[index]--;
        subscribers--;
    }

    /** This room's subscribers per sending thread (the room's own at its index), for stats and tests. */
    int[] subscribersPerThread() {
        return perWorker.clone();
    }
}

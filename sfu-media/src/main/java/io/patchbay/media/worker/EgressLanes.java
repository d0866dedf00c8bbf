package io.patchbay.media.worker;

/**
 * One {@link EgressLane} for each ordered pair of media threads, attached to both ends. A lane's slots are allocated
 * on first use (2 MB), so only pairs that carry a spread room cost memory.
 */
public final class EgressLanes {
    private final MediaWorker[] workers;
    private final EgressLane[][] lanes;

    /** {@code drained} counts what the lanes carried (any media thread, after each drain). */
    public EgressLanes(MediaWorker[] workers, java.util.function.IntConsumer drained) {
        this.workers = workers.clone();
        int n = workers.length;
        this.lanes = new EgressLane[n][n];
        for (int from = 0; from < n; from++) {
            for (int to = 0; to < n; to++) {
                if (from != to) lanes[from][to] = new EgressLane(workers[from], workers[to], drained);
            }
        }
        for (int w = 0; w < n; w++) {
            EgressLane[] outbound = new EgressLane[n - 1];
            EgressLane[] inbound = new EgressLane[n - 1];
            int k = 0;
            for (int other = 0; other < n; other++) {
                if (other == w) continue;
                outbound[k] = lanes[w][other];
                inbound[k] = lanes[other][w];
                k++;
            }
            workers[w].attachLanes(outbound, inbound);
        }
    }

    public int workerCount() {
        return workers.length;
    }

    /** The index of {@code worker}, or -1 if it is not one of these. */
    public int indexOf(MediaWorker worker) {
        for (int i = 0; i < workers.length; i++) {
            if (workers[i] == worker) return i;
        }
        return -1;
    }

    /** The lane from worker {@code from} to worker {@code to}; null when they are the same. */
    public EgressLane lane(int from, int to) {
        return lanes[from][to];
    }
}

package io.patchbay.signaling.impair;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters of one direction; written by the relay's two threads, read by anyone via {@link #snapshot}. */
final class DirectionCounters {
    final AtomicLong received = new AtomicLong();
    final AtomicLong receivedBytes = new AtomicLong();
    final AtomicLong unimpaired = new AtomicLong();
    final AtomicLong droppedLoss = new AtomicLong();
    final AtomicLong droppedQueue = new AtomicLong();
    final AtomicLong droppedOverflow = new AtomicLong();
    final AtomicLong droppedNoMapping = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong deliveredBytes = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();

    void countDrop(DropReason reason) {
        switch (reason) {
            case LOSS -> droppedLoss.incrementAndGet();
            case QUEUE -> droppedQueue.incrementAndGet();
            case OVERFLOW -> droppedOverflow.incrementAndGet();
            case NO_MAPPING -> droppedNoMapping.incrementAndGet();
        }
    }

    /**
     * Reads the outcomes before {@code received}, so that a concurrent packet can only make {@code pending()}
     * too large, never negative.
     */
    DirectionStats snapshot() {
        long del = delivered.get();
        long delBytes = deliveredBytes.get();
        long errors = sendErrors.get();
        long loss = droppedLoss.get();
        long queue = droppedQueue.get();
        long overflow = droppedOverflow.get();
        long noMapping = droppedNoMapping.get();
        long unimp = unimpaired.get();
        long recvBytes = receivedBytes.get();
        long recv = received.get();
        return new DirectionStats(recv, recvBytes, unimp, loss, queue, overflow, noMapping, del, delBytes, errors);
    }
}

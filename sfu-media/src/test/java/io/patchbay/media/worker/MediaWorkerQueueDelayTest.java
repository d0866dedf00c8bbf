package io.patchbay.media.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.DropReason;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An overloaded media thread drops what waited too long in its queue instead of forwarding it ever later: packets
 * queued while the thread was busy for longer than {@link MediaWorker#MAX_QUEUE_DELAY_NANOS} are released and counted
 * as {@code queue_delay}; what arrived since is handled, in order.
 */
class MediaWorkerQueueDelayTest {
    private final AtomicLong nowNanos = new AtomicLong(1_000_000_000L);
    private final MediaClock clock = new MediaClock() {
        @Override
        public long nanoTime() {
            return nowNanos.get();
        }

        @Override
        public long wallClockMillis() {
            return nowNanos.get() / 1_000_000L;
        }
    };
    private final PacketBufferPool pool = new PacketBufferPool(64);
    private final List<DropReason> drops = new CopyOnWriteArrayList<>();
    private final List<Integer> handled = new CopyOnWriteArrayList<>();
    private final PacketSink sink = packet -> {
        handled.add(packet.length);
        pool.release(packet);
    };

    @Test
    void packetsThatWaitedPastTheLimitAreDroppedAndCountedTheRestHandledInOrder() throws Exception {
        MediaWorker worker = new MediaWorker("queue-delay-test", pool, clock, drops::add);
        try {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            worker.execute(() -> { // the thread is busy with something long (a huge fan-out, a stall)
                busy.countDown();
                await(release);
            });
            assertTrue(busy.await(5, TimeUnit.SECONDS));
            for (int i = 1; i <= 3; i++) offer(worker, i); // queued behind the busy turn
            nowNanos.addAndGet(MediaWorker.MAX_QUEUE_DELAY_NANOS + 1);
            offer(worker, 4); // arrives just now
            offer(worker, 5);
            release.countDown();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (handled.size() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
            Thread.sleep(50); // anything else would have been handled by now
            assertEquals(List.of(4, 5), handled, "only what had not waited too long, in order");
            assertEquals(List.of(DropReason.QUEUE_DELAY, DropReason.QUEUE_DELAY, DropReason.QUEUE_DELAY), drops);
            assertEquals(0, pool.outstanding(), "dropped packets went back to the pool");
        } finally {
            worker.close();
        }
    }

    @Test
    void aPacketJustUnderTheLimitIsStillHandled() throws Exception {
        MediaWorker worker = new MediaWorker("queue-delay-test", pool, clock, drops::add);
        try {
            CountDownLatch release = new CountDownLatch(1);
            worker.execute(() -> await(release));
            offer(worker, 7);
            nowNanos.addAndGet(MediaWorker.MAX_QUEUE_DELAY_NANOS);
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (handled.isEmpty() && System.nanoTime() < deadline) Thread.sleep(5);
            assertEquals(List.of(7), handled);
            assertEquals(List.of(), drops);
        } finally {
            worker.close();
        }
    }

    /** A packet whose length tells it apart, received now by the test's clock, owned by the sink. */
    private void offer(MediaWorker worker, int id) {
        PacketBuffer packet = pool.acquire();
        packet.length = id;
        packet.receivedAtNanos = nowNanos.get();
        packet.owner = sink;
        worker.offerPacket(packet);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

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
 * An overloaded media thread drops what waited too long in its queue instead of forwarding it ever later (CoDel's idea,
 * RFC 8289): only once packets have left the queue over {@link MediaWorker#TARGET_QUEUE_DELAY_NANOS} for
 * {@link MediaWorker#OVERLOAD_INTERVAL_NANOS}; a single pause's burst of late packets is forwarded.
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
    /** Nanoseconds the sink's "fan-out" takes per packet, on the test's clock. */
    private volatile long handlingNanos;
    private final PacketSink sink = packet -> {
        handled.add(packet.length);
        nowNanos.addAndGet(handlingNanos);
        pool.release(packet);
    };

    @Test
    void aPausesBurstOfLatePacketsIsForwarded() throws Exception {
        MediaWorker worker = new MediaWorker("queue-delay-test", pool, clock, drops::add);
        try {
            CountDownLatch release = stall(worker);
            for (int i = 1; i <= 3; i++) offer(worker, i); // queued behind the stall
            nowNanos.addAndGet(3 * MediaWorker.TARGET_QUEUE_DELAY_NANOS); // a 300 ms pause
            offer(worker, 4); // arrives just now
            offer(worker, 5);
            release.countDown();
            awaitHandled(5);
            assertEquals(List.of(1, 2, 3, 4, 5), handled, "all of it, in order");
            assertEquals(List.of(), drops);
        } finally {
            worker.close();
        }
    }

    @Test
    void aThreadBehindForLongerThanTheIntervalDropsWhatWaitedOverTheTargetInOrder() throws Exception {
        MediaWorker worker = new MediaWorker("queue-delay-test", pool, clock, drops::add);
        try {
            handlingNanos = 60_000_000L; // each packet costs 60 ms: the queue falls further behind with each
            CountDownLatch release = stall(worker);
            for (int i = 1; i <= 30; i++) offer(worker, i);
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (handled.size() + drops.size() < 30 && System.nanoTime() < deadline) Thread.sleep(5);
            // Packet k leaves the queue at (k - 1) x 60 ms. 1 and 2 waited up to 100 ms; from 3 (at 120 ms) each waited
            // over it; 11 (at 600 ms, 480 ms after 3) is still handled, 12 would be taken 540 ms after 3: it and the
            // rest are dropped unhandled.
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), handled, "in order until the interval passed");
            assertEquals(19, drops.size(), drops.toString());
            assertTrue(drops.stream().allMatch(d -> d == DropReason.QUEUE_DELAY), drops.toString());
            assertEquals(0, pool.outstanding(), "dropped packets went back to the pool");

            handlingNanos = 0; // the overload is over: a fresh packet is forwarded at once
            offer(worker, 31);
            awaitHandled(12);
            assertEquals(31, handled.get(11));
        } finally {
            worker.close();
        }
    }

    /** Makes the worker busy until the returned latch is released (a huge fan-out, a stall). */
    private static CountDownLatch stall(MediaWorker worker) throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        worker.execute(() -> {
            busy.countDown();
            await(release);
        });
        assertTrue(busy.await(5, TimeUnit.SECONDS));
        return release;
    }

    private void awaitHandled(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (handled.size() < count && System.nanoTime() < deadline) Thread.sleep(5);
        Thread.sleep(50); // anything else would have been handled by now
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

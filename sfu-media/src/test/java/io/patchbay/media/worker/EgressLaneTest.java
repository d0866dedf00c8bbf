package io.patchbay.media.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.packet.PacketBufferPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two real media threads: what one writes into a lane, the other sends, in order, on its own thread. */
@Timeout(30)
class EgressLaneTest {
    private final AtomicLong carried = new AtomicLong();
    private final MediaWorker a = worker("lane-a");
    private final MediaWorker b = worker("lane-b");
    private final EgressLanes lanes = new EgressLanes(new MediaWorker[] {a, b}, carried::addAndGet);

    private static MediaWorker worker(String name) {
        return new MediaWorker(name, new PacketBufferPool(16), MediaClock.SYSTEM, reason -> { });
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    /** Records what reaches it and on which thread (written on the receiving thread, read after it is done). */
    private static final class RecordingSink implements EgressLane.Sink {
        final List<Integer> numbers = new ArrayList<>();
        final List<Long> released = new ArrayList<>();
        volatile String wrongThread;
        final MediaWorker expected;

        RecordingSink(MediaWorker expected) {
            this.expected = expected;
        }

        @Override
        public void sendFromLane(byte[] buf, int len) {
            if (!expected.isWorkerThread()) wrongThread = Thread.currentThread().getName();
            assertEquals(100 + (buf[0] & 0xFF), len, "length carried with the bytes");
            numbers.add(((buf[1] & 0xFF) << 8) | (buf[2] & 0xFF));
        }

        @Override
        public void releaseOnLane(long ssrc) {
            released.add(ssrc);
            numbers.add(-1);
        }
    }

    private static <T> T on(MediaWorker w, java.util.function.Supplier<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        w.execute(() -> f.complete(task.get()));
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyPacketReachesTheOtherThreadInOrderPerSink() throws Exception { // offered copies and reserved slots
        EgressLane lane = lanes.lane(0, 1);
        RecordingSink[] sinks = {new RecordingSink(b), new RecordingSink(b), new RecordingSink(b)};
        int perSink = 20_000;
        byte[] packet = new byte[1300];
        // Bursts of 60 packets (20 for each sink), each burst one command on the room's thread, published at the end
        // of its turn; what a full lane refused is offered again in the next burst.
        int[] next = new int[sinks.length];
        while (next[0] < perSink || next[1] < perSink || next[2] < perSink) {
            int refused = on(a, () -> {
                int r = 0;
                for (int k = 0; k < 20; k++) {
                    for (int s = 0; s < sinks.length; s++) {
                        int n = next[s];
                        if (n == perSink) continue;
                        packet[0] = (byte) (n % 200);
                        packet[1] = (byte) (n >> 8);
                        packet[2] = (byte) n;
                        if (s == 1) {
                            // The second sink's packets are written into the slot itself, as a router does.
                            byte[] slot = lane.reserve();
                            if (slot == null) {
                                r++;
                                continue;
                            }
                            System.arraycopy(packet, 0, slot, 0, 3);
                            lane.commit(sinks[s], 100 + n % 200);
                            next[s]++;
                        } else if (lane.offer(sinks[s], packet, 0, 100 + n % 200)) {
                            next[s]++;
                        } else {
                            r++;
                        }
                    }
                }
                return r;
            });
            if (refused > 0) Thread.sleep(1);
        }
        on(a, () -> lane.offerRelease(sinks[0], 42));
        long expected = perSink * 3L + 1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (carried.get() < expected && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(expected, carried.get(), "slots carried");
        on(b, () -> null); // everything drained happened before this command ran on b
        for (RecordingSink s : sinks) {
            assertEquals(null, s.wrongThread, "sent on the lane's thread");
            List<Integer> numbers = new ArrayList<>(s.numbers);
            if (s == sinks[0]) {
                assertEquals(-1, numbers.remove(numbers.size() - 1), "the release came after the stream's packets");
                assertEquals(List.of(42L), s.released);
            }
            assertEquals(perSink, numbers.size());
            for (int i = 0; i < perSink; i++) {
                assertEquals(i, numbers.get(i) & 0xFFFF, "order kept");
            }
        }
    }

    @Test
    void aFullLaneRefusesAndRecoversOnceDrained() throws Exception {
        EgressLane lane = lanes.lane(0, 1);
        RecordingSink sink = new RecordingSink(b);
        CountDownLatch hold = new CountDownLatch(1);
        b.execute(() -> {
            try {
                hold.await(10, TimeUnit.SECONDS); // the lane's thread is busy: nothing is drained
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        byte[] packet = new byte[200];
        int accepted = on(a, () -> {
            int n = 0;
            for (int i = 0; i < EgressLane.SLOTS + 10; i++) {
                packet[1] = (byte) (i >> 8);
                packet[2] = (byte) i;
                packet[0] = 0;
                if (lane.offer(sink, packet, 0, 100)) n++;
            }
            return n;
        });
        assertEquals(EgressLane.SLOTS, accepted, "a full lane refuses, it does not overwrite");
        assertFalse(on(a, () -> lane.offer(sink, new byte[EgressLane.SLOT_BYTES + 1], 0, EgressLane.SLOT_BYTES + 1)));
        hold.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (carried.get() < EgressLane.SLOTS && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(EgressLane.SLOTS, carried.get());
        assertTrue(on(a, () -> lane.offer(sink, packet, 0, 100)), "room again once drained");
        on(b, () -> null);
        assertEquals(null, sink.wrongThread);
        for (int i = 0; i < EgressLane.SLOTS; i++) assertEquals(i, sink.numbers.get(i));
    }

    /** Counts and checks without allocating (a boxed list would hide the lane's own allocations). */
    private static final class CountingSink implements EgressLane.Sink {
        long packets;
        long bytes;

        @Override
        public void sendFromLane(byte[] buf, int len) {
            packets++;
            bytes += len;
        }

        @Override
        public void releaseOnLane(long ssrc) {
        }
    }

    private static long allocatedOn(MediaWorker w) throws Exception {
        return on(w, () -> ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes());
    }

    @Test
    void neitherThreadAllocatesPerPacketOnceWarm() throws Exception {
        EgressLane lane = lanes.lane(0, 1);
        CountingSink sink = new CountingSink();
        byte[] packet = new byte[1200];
        int[] sent = new int[1];
        Runnable burst = () -> {
            for (int i = 0; i < 200; i++) {
                if (lane.offer(sink, packet, 0, packet.length)) sent[0]++;
            }
        };
        // Warm up (slots allocated, code compiled), then measure a window of 100,000 packets on both threads.
        // A burst that finds the lane full sends fewer; bursts go on until each phase has sent 100,000.
        int bursts = 0;
        while (sent[0] < 100_000) {
            on(a, () -> { burst.run(); return null; });
            bursts++;
        }
        long a0 = allocatedOn(a);
        long b0 = allocatedOn(b);
        int before = sent[0];
        bursts = 0;
        while (sent[0] - before < 100_000) {
            on(a, () -> { burst.run(); return null; });
            bursts++;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (carried.get() < sent[0] && System.nanoTime() < deadline) Thread.sleep(5);
        long aBytes = allocatedOn(a) - a0;
        long bBytes = allocatedOn(b) - b0;
        int window = sent[0] - before;
        System.out.printf("egress lane, %d packets: room's thread allocated %d B, lane's thread %d B%n", window, aBytes,
                bBytes);
        // The commands that drive the test may allocate a little on the room's thread (each completes a future).
        assertTrue(aBytes < bursts * 200L, "room's thread allocated " + aBytes + " B for " + window + " packets in "
                + bursts + " commands");
        assertTrue(bBytes < 20_000, "lane's thread allocated " + bBytes + " B for " + window + " packets");
    }
}

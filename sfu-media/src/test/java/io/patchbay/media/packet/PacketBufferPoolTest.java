package io.patchbay.media.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.patchbay.media.util.MpmcArrayQueue;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PacketBufferPoolTest {

    @Test
    void buffersHaveHeadroomAndTailroom() {
        PacketBuffer buffer = new PacketBufferPool(1).acquire();
        assertEquals(PacketBuffer.HEADROOM + PacketBuffer.MTU + PacketBuffer.TAILROOM, buffer.data.length);
        assertEquals(PacketBuffer.HEADROOM, buffer.offset);
        assertEquals(0, buffer.length);
        assertEquals(PacketBuffer.MTU + PacketBuffer.TAILROOM, buffer.tailroom());
    }

    @Test
    void allocatesLazilyUpToTheMaximumThenReturnsNull() {
        PacketBufferPool pool = new PacketBufferPool(3);
        assertEquals(0, pool.allocatedTotal());
        PacketBuffer a = pool.acquire();
        PacketBuffer b = pool.acquire();
        PacketBuffer c = pool.acquire();
        assertNotNull(a);
        assertNotNull(b);
        assertNotNull(c);
        assertEquals(3, pool.allocatedTotal());
        assertEquals(3, pool.outstanding());
        assertNull(pool.acquire(), "exhausted: the caller counts a drop");

        assertEquals(ReleaseResult.RELEASED, pool.release(b));
        assertEquals(2, pool.outstanding());
        assertSame(b, pool.acquire(), "reuses the released buffer instead of allocating");
        assertEquals(3, pool.allocatedTotal());
    }

    @Test
    void acquireResetsTheBuffer() {
        PacketBufferPool pool = new PacketBufferPool(1);
        PacketBuffer buffer = pool.acquire();
        buffer.offset = 10;
        buffer.length = 100;
        buffer.receivedAtNanos = 42;
        buffer.owner = "transport";
        pool.release(buffer);
        assertNull(buffer.owner, "release drops the owner reference");
        PacketBuffer again = pool.acquire();
        assertSame(buffer, again);
        assertEquals(PacketBuffer.HEADROOM, again.offset);
        assertEquals(0, again.length);
        assertEquals(0, again.receivedAtNanos);
        assertNull(again.owner);
    }

    @Test
    void preallocateCreatesBuffersUpToTheMaximum() {
        PacketBufferPool pool = new PacketBufferPool(4);
        pool.preallocate(10);
        assertEquals(4, pool.allocatedTotal());
        assertEquals(4, pool.available());
        assertEquals(0, pool.outstanding());
    }

    @Test
    void detectsDoubleForeignAndNullRelease() {
        PacketBufferPool pool = new PacketBufferPool(2);
        PacketBufferPool other = new PacketBufferPool(2);
        PacketBuffer buffer = pool.acquire();
        assertTrue(buffer.inUse());
        assertEquals(ReleaseResult.RELEASED, pool.release(buffer));
        assertFalse(buffer.inUse());
        assertEquals(ReleaseResult.DOUBLE_RELEASE, pool.release(buffer));
        assertEquals(1, pool.available(), "not queued twice");
        assertEquals(ReleaseResult.FOREIGN_BUFFER, other.release(pool.acquire()));
        assertEquals(ReleaseResult.FOREIGN_BUFFER, pool.release(new PacketBuffer()));
        assertEquals(ReleaseResult.NULL_BUFFER, pool.release(null));

        // after a double release the buffer is still handed out only once
        PacketBufferPool single = new PacketBufferPool(2);
        PacketBuffer x = single.acquire();
        single.release(x);
        single.release(x);
        PacketBuffer first = single.acquire();
        PacketBuffer second = single.acquire();
        assertSame(x, first);
        assertNotNull(second);
        assertFalse(first == second);
    }

    @Test
    void buffersTravelFromReadersToWorkersAcrossThreads() throws Exception {
        final int maxBuffers = 64;
        final int readers = 3;
        final int workers = 2;
        final int perReader = 100_000;
        PacketBufferPool pool = new PacketBufferPool(maxBuffers);
        MpmcArrayQueue<PacketBuffer> handoff = new MpmcArrayQueue<>(maxBuffers);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger drops = new AtomicInteger();
        AtomicInteger readersLeft = new AtomicInteger(readers);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(readers + workers);
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            final int reader = r;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perReader; i++) {
                        PacketBuffer buffer = pool.acquire();
                        if (buffer == null) {
                            drops.incrementAndGet();
                            Thread.yield();
                            continue;
                        }
                        // stamp the buffer; a worker checks the stamp, so a buffer handed to two owners shows
                        buffer.length = 8;
                        Bytes.put32(buffer.data, buffer.offset, reader);
                        Bytes.put32(buffer.data, buffer.offset + 4, i);
                        buffer.receivedAtNanos = ((long) reader << 32) | i;
                        buffer.owner = Thread.currentThread();
                        while (!handoff.offer(buffer)) {
                            Thread.yield();
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    readersLeft.decrementAndGet();
                    done.countDown();
                }
            }, "reader-" + r));
        }
        for (int w = 0; w < workers; w++) {
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (;;) {
                        PacketBuffer buffer = handoff.poll();
                        if (buffer == null) {
                            if (readersLeft.get() == 0 && handoff.isEmpty()) {
                                return;
                            }
                            Thread.yield();
                            continue;
                        }
                        long stamp = (Bytes.u32(buffer.data, buffer.offset) << 32)
                                | Bytes.u32(buffer.data, buffer.offset + 4);
                        if (!buffer.inUse() || stamp != buffer.receivedAtNanos || buffer.length != 8) {
                            throw new AssertionError("buffer shared between owners");
                        }
                        delivered.incrementAndGet();
                        ReleaseResult result = pool.release(buffer);
                        if (result != ReleaseResult.RELEASED) {
                            throw new AssertionError("release: " + result);
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }, "worker-" + w));
        }
        threads.forEach(Thread::start);
        start.countDown();
        if (!done.await(30, TimeUnit.SECONDS)) {
            threads.forEach(Thread::interrupt);
            fail("threads did not finish");
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(readers * perReader, delivered.get() + drops.get());
        assertEquals(0, pool.outstanding(), "every buffer came back");
        assertTrue(pool.allocatedTotal() <= maxBuffers);
        assertEquals(pool.allocatedTotal(), pool.available());

        // and the pool still hands out each buffer once
        IdentityHashMap<PacketBuffer, Boolean> distinct = new IdentityHashMap<>();
        PacketBuffer buffer;
        while ((buffer = pool.acquire()) != null) {
            assertNull(distinct.put(buffer, Boolean.TRUE));
        }
        assertEquals(maxBuffers, distinct.size());
    }
}

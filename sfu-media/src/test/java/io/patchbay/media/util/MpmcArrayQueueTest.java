package io.patchbay.media.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MpmcArrayQueueTest {

    static Stream<Arguments> capacities() {
        return Stream.of(
                Arguments.of("1 becomes 2 (one slot cannot tell full from free)", 1, 2),
                Arguments.of("2 stays", 2, 2),
                Arguments.of("3 rounds up to 4", 3, 4),
                Arguments.of("1000 rounds up to 1024", 1000, 1024),
                Arguments.of("1024 stays", 1024, 1024));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capacities")
    void roundsCapacityUpToAPowerOfTwo(String name, int requested, int expected) {
        assertEquals(expected, new MpmcArrayQueue<>(requested).capacity());
    }

    @Test
    void rejectsBadCapacityAndNullElements() {
        assertThrows(IllegalArgumentException.class, () -> new MpmcArrayQueue<>(0));
        assertThrows(IllegalArgumentException.class, () -> new MpmcArrayQueue<>((1 << 30) + 1));
        assertThrows(NullPointerException.class, () -> new MpmcArrayQueue<String>(4).offer(null));
    }

    @Test
    void isFifoAndReportsFullAndEmpty() {
        MpmcArrayQueue<Integer> queue = new MpmcArrayQueue<>(4);
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
        for (int i = 0; i < 4; i++) {
            assertTrue(queue.offer(i));
        }
        assertFalse(queue.offer(99), "full");
        assertEquals(4, queue.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, queue.poll());
        }
        assertNull(queue.poll(), "empty");
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.size());
    }

    @Test
    void keepsWorkingOverManyLapsOfTheRing() {
        MpmcArrayQueue<Integer> queue = new MpmcArrayQueue<>(8);
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 10_000; round++) {
            int burst = round % 9; // 0..8 elements, sometimes exactly full
            for (int i = 0; i < burst; i++) {
                assertTrue(queue.offer(next++));
            }
            assertEquals(burst, queue.size());
            for (int i = 0; i < burst; i++) {
                assertEquals(expected++, queue.poll());
            }
            assertNull(queue.poll());
        }
    }

    @Test
    void fourProducersTwoConsumersDeliverEveryItemExactlyOnce() throws Exception {
        final int producers = 4;
        final int consumers = 2;
        final int perProducer = 250_000;
        final int total = producers * perProducer;
        MpmcArrayQueue<Integer> queue = new MpmcArrayQueue<>(1024);
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Integer[] items = new Integer[total];
        for (int i = 0; i < total; i++) {
            items[i] = i; // boxed up front so the threads measure the queue, not the allocator
        }
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(producers + consumers);
        AtomicInteger received = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            final int producer = p;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    // producer p sends p, p + 4, p + 8, ... so per-producer order is checkable
                    for (int i = 0; i < perProducer; i++) {
                        Integer item = items[i * producers + producer];
                        while (!queue.offer(item)) {
                            Thread.yield(); // full: let a consumer run (more threads than cores here)
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }, "producer-" + p));
        }
        for (int c = 0; c < consumers; c++) {
            threads.add(new Thread(() -> {
                int[] lastPerProducer = new int[producers];
                Arrays.fill(lastPerProducer, -1);
                try {
                    start.await();
                    while (received.get() < total && failure.get() == null) {
                        Integer item = queue.poll();
                        if (item == null) {
                            Thread.yield(); // empty: let a producer run
                            continue;
                        }
                        received.incrementAndGet();
                        int value = item;
                        if (seen.getAndIncrement(value) != 0) {
                            throw new AssertionError("item received twice: " + value);
                        }
                        int producer = value % producers;
                        if (value <= lastPerProducer[producer]) {
                            throw new AssertionError("producer " + producer + " order broken: " + value
                                    + " after " + lastPerProducer[producer]);
                        }
                        lastPerProducer[producer] = value;
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }, "consumer-" + c));
        }
        threads.forEach(Thread::start);
        start.countDown();
        if (!done.await(30, TimeUnit.SECONDS)) {
            threads.forEach(Thread::interrupt);
            fail("threads did not finish; received " + received.get() + " of " + total);
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(total, received.get());
        for (int i = 0; i < total; i++) {
            if (seen.get(i) != 1) {
                fail("item " + i + " seen " + seen.get(i) + " times");
            }
        }
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
    }
}

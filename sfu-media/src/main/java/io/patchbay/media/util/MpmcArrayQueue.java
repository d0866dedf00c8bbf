package io.patchbay.media.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A bounded multi-producer multi-consumer queue over a power-of-two ring of slots, each with its own sequence number
 * (Dmitry Vyukov's bounded MPMC queue). Any number of threads may call {@link #offer} and {@link #poll} at once; no
 * locks, and no allocation after construction.
 *
 * <p>How it works: slot {@code i} holds a sequence {@code seq}. For the producer that wants position {@code pos}
 * ({@code pos & mask == i}), the slot is free when {@code seq == pos}; it claims the position by a CAS on the producer
 * index, stores the element and publishes with {@code seq = pos + 1}. A consumer at position {@code pos} finds the
 * element ready when {@code seq == pos + 1}; it claims by a CAS on the consumer index, takes the element and frees the
 * slot for the next lap with {@code seq = pos + capacity}. The sequence store is a release and its load an acquire,
 * so the element travels with it.
 *
 * <p>{@link #offer} returns false only when the queue is full and {@link #poll} returns null only when it is empty:
 * when a slot is claimed but not yet published (or freed) by another thread, the caller spins briefly instead of
 * reporting a false empty or full (spinning, then yielding). Like the original algorithm, a thread preempted between
 * its claim and its publication delays the threads that need that one slot.
 *
 * <p>Capacity is rounded up to a power of two, at least 2 (with one slot the "published" and "free for the next lap"
 * sequences would coincide).
 *
 * @param <E> element type; nulls are rejected
 */
public final class MpmcArrayQueue<E> extends MpmcIndexes {
    /** Largest supported capacity. */
    public static final int MAX_CAPACITY = 1 << 30;

    private static final int SPINS_BEFORE_YIELD = 64;
    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);

    private final int mask;
    private final long[] sequences;
    private final Object[] elements;

    /**
     * @param requestedCapacity at least 1, at most {@link #MAX_CAPACITY}; rounded up to a power of two (at least 2)
     */
    public MpmcArrayQueue(int requestedCapacity) {
        if (requestedCapacity < 1 || requestedCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be in 1.." + MAX_CAPACITY + ": " + requestedCapacity);
        }
        int capacity = Math.max(2, roundUpToPowerOfTwo(requestedCapacity));
        this.mask = capacity - 1;
        this.sequences = new long[capacity];
        this.elements = new Object[capacity];
        for (int i = 0; i < capacity; i++) {
            sequences[i] = i;
        }
        VarHandle.releaseFence(); // publish the initial sequences before the queue is shared
    }

    static int roundUpToPowerOfTwo(int value) {
        return value <= 1 ? 1 : Integer.highestOneBit(value - 1) << 1;
    }

    /** Number of slots (a power of two). */
    public int capacity() {
        return mask + 1;
    }

    /**
     * Adds an element at the tail; any thread.
     *
     * @return false when the queue is full (the element was not added)
     * @throws NullPointerException if {@code element} is null (a programming error, not network input)
     */
    public boolean offer(E element) {
        Objects.requireNonNull(element, "element");
        final int capacity = mask + 1;
        int spins = 0;
        long pos = producerIndex();
        for (;;) {
            int index = (int) pos & mask;
            long seq = (long) SEQUENCE.getAcquire(sequences, index);
            long dif = seq - pos;
            if (dif == 0) {
                long witness = compareAndExchangeProducerIndex(pos, pos + 1);
                if (witness == pos) {
                    elements[index] = element;
                    SEQUENCE.setRelease(sequences, index, pos + 1);
                    return true;
                }
                pos = witness;
            } else if (dif < 0) {
                // The slot still holds the element from the previous lap, or its consumer has claimed it but not yet
                // freed it. Only the first case means full.
                if (pos - capacity >= consumerIndex()) {
                    return false;
                }
                spins = backOff(spins);
                pos = producerIndex();
            } else {
                pos = producerIndex(); // another producer took this position
            }
        }
    }

    /**
     * Removes the element at the head; any thread.
     *
     * @return the element, or null when the queue is empty
     */
    @SuppressWarnings("unchecked")
    public E poll() {
        final int capacity = mask + 1;
        int spins = 0;
        long pos = consumerIndex();
        for (;;) {
            int index = (int) pos & mask;
            long seq = (long) SEQUENCE.getAcquire(sequences, index);
            long dif = seq - (pos + 1);
            if (dif == 0) {
                long witness = compareAndExchangeConsumerIndex(pos, pos + 1);
                if (witness == pos) {
                    Object element = elements[index];
                    elements[index] = null;
                    SEQUENCE.setRelease(sequences, index, pos + capacity);
                    return (E) element;
                }
                pos = witness;
            } else if (dif < 0) {
                // Nothing published here yet: empty, unless a producer has claimed this position and is mid-store.
                if (pos >= producerIndex()) {
                    return null;
                }
                spins = backOff(spins);
                pos = consumerIndex();
            } else {
                pos = consumerIndex(); // another consumer took this position
            }
        }
    }

    /**
     * Waits for another thread to finish publishing or freeing a slot: busy-spins first (the window is a few
     * instructions), then yields so a preempted thread on an oversubscribed machine gets the core back.
     */
    private static int backOff(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return spins + 1;
    }

    /** Number of elements, exact when no thread is mid-operation, otherwise a snapshot in 0..capacity. */
    public int size() {
        long after = consumerIndex();
        for (;;) {
            long before = after;
            long producer = producerIndex();
            after = consumerIndex();
            if (before == after) {
                long size = producer - after;
                return (int) Math.max(0, Math.min(size, mask + 1));
            }
        }
    }

    /** True when no element is queued (a snapshot, like {@link #size()}). */
    public boolean isEmpty() {
        return producerIndex() == consumerIndex();
    }
}

/** Padding before the producer index, so it does not share a cache line with the object header or other data. */
abstract class MpmcPad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
}

/** The producer index, alone on its cache lines (the JVM lays superclass fields out first). */
abstract class MpmcProducerField extends MpmcPad0 {
    private static final VarHandle PRODUCER_INDEX;

    static {
        try {
            PRODUCER_INDEX = MethodHandles.lookup().findVarHandle(MpmcProducerField.class, "producerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long producerIndex;

    final long producerIndex() {
        return producerIndex;
    }

    final long compareAndExchangeProducerIndex(long expected, long next) {
        return (long) PRODUCER_INDEX.compareAndExchange(this, expected, next);
    }
}

/** Padding between the two indexes. */
abstract class MpmcPad1 extends MpmcProducerField {
    long p10, p11, p12, p13, p14, p15, p16, p17;
    long p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;
}

/** The consumer index. */
abstract class MpmcConsumerField extends MpmcPad1 {
    private static final VarHandle CONSUMER_INDEX;

    static {
        try {
            CONSUMER_INDEX = MethodHandles.lookup().findVarHandle(MpmcConsumerField.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long consumerIndex;

    final long consumerIndex() {
        return consumerIndex;
    }

    final long compareAndExchangeConsumerIndex(long expected, long next) {
        return (long) CONSUMER_INDEX.compareAndExchange(this, expected, next);
    }
}

/** Padding after the consumer index, before the queue's own fields. */
abstract class MpmcIndexes extends MpmcConsumerField {
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p28, p29, p2a, p2b, p2c, p2d, p2e, p2f;
}

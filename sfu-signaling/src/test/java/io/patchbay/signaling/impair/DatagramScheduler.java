package io.patchbay.signaling.impair;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that sends decided datagrams when their time comes. Packets due at the same time go in the order
 * they were offered, so a link that never reorders stays in order.
 *
 * <p>Bounded: at most {@code capacity} packets wait; {@link #offer} refuses the rest (the caller counts the drop).
 *
 * <p>Threads: {@link #offer} from the relay's receive thread; {@link #start} and {@link #close} from the owner.
 */
final class DatagramScheduler implements AutoCloseable {
    private final DelayQueue<Pending> queue = new DelayQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final int capacity;
    private final Thread thread;
    private volatile boolean closed;

    DatagramScheduler(int capacity, String threadName) {
        this.capacity = capacity;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Queues {@code data} to be sent on {@code channel} to {@code target} (null: the channel's connected peer) at
     * {@code atNanos} ({@link System#nanoTime()} base). Returns false, sending nothing, if the queue is full.
     */
    boolean offer(byte[] data, DatagramChannel channel, SocketAddress target, long atNanos, DirectionCounters counters) {
        if (closed || size.get() >= capacity) {
            return false;
        }
        size.incrementAndGet();
        queue.add(new Pending(data, channel, target, atNanos, sequence.getAndIncrement(), counters));
        return true;
    }

    int pending() {
        return size.get();
    }

    /** Stops the thread (packets not yet due are discarded) and waits for it; keeps an interrupt for the caller. */
    @Override
    public void close() {
        closed = true;
        boolean interrupted = false;
        if (thread.isAlive()) {
            // A pill rather than an interrupt: an interrupt during a send would close the channel under the relay.
            queue.add(new Pending(null, null, null, Long.MIN_VALUE, -1, null));
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (thread.isAlive()) {
                thread.interrupt();
                try {
                    thread.join(5_000);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        queue.clear();
        size.set(0);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!closed) {
            Pending p;
            try {
                p = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (p.data == null) {
                return;
            }
            size.decrementAndGet();
            send(p);
        }
    }

    private static void send(Pending p) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(p.data);
            int sent = p.target == null ? p.channel.write(buf) : p.channel.send(buf, p.target);
            if (sent == p.data.length) {
                p.counters.delivered.incrementAndGet();
                p.counters.deliveredBytes.addAndGet(sent);
            } else {
                p.counters.sendErrors.incrementAndGet(); // no room in the send buffer of a non-blocking channel
            }
        } catch (IOException e) {
            p.counters.sendErrors.incrementAndGet();
        }
    }

    private static final class Pending implements Delayed {
        final byte[] data;
        final DatagramChannel channel;
        final SocketAddress target;
        final long atNanos;
        final long seq;
        final DirectionCounters counters;

        Pending(byte[] data, DatagramChannel channel, SocketAddress target, long atNanos, long seq,
                DirectionCounters counters) {
            this.data = data;
            this.channel = channel;
            this.target = target;
            this.atNanos = atNanos;
            this.seq = seq;
            this.counters = counters;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            if (atNanos == Long.MIN_VALUE) {
                return Long.MIN_VALUE;
            }
            return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Pending other = (Pending) o;
            // Subtraction, not Long.compare: nanoTime values may wrap (Long.MIN_VALUE is the pill, first anyway).
            if (atNanos != other.atNanos) {
                if (atNanos == Long.MIN_VALUE) {
                    return -1;
                }
                if (other.atNanos == Long.MIN_VALUE) {
                    return 1;
                }
                return atNanos - other.atNanos < 0 ? -1 : 1;
            }
            return Long.compare(seq, other.seq);
        }
    }
}

package io.patchbay.media.dtls;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The threads that run BouncyCastle's blocking DTLS handshakes, bounded: at most {@code maxThreads} handshakes run at
 * once and at most {@code maxQueued} wait; beyond that a handshake is refused (the transport fails, counted) instead
 * of a client being able to make the server start threads without limit. Idle threads end after a few seconds, so a
 * burst of handshakes leaves nothing behind.
 */
public final class DtlsExecutor implements Executor, AutoCloseable {
    private static final long IDLE_THREAD_SECONDS = 2;

    private final ThreadPoolExecutor pool;
    private final AtomicInteger running = new AtomicInteger();
    private final LongAdder refused = new LongAdder();

    public DtlsExecutor(int maxThreads, int maxQueued) {
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(maxThreads, maxThreads, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                maxQueued > 0 ? new LinkedBlockingQueue<>(maxQueued) : new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "patchbay-dtls-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code task} on a DTLS thread; throws {@link RejectedExecutionException} (and counts it) when full. */
    @Override
    public void execute(Runnable task) {
        try {
            pool.execute(() -> {
                running.incrementAndGet();
                try {
                    task.run();
                } finally {
                    running.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            refused.increment();
            throw e;
        }
    }

    /** Tasks running now (handshakes in progress, late records being read). */
    public int running() {
        return running.get();
    }

    /** Tasks waiting for a thread. */
    public int queued() {
        return pool.getQueue().size();
    }

    /** Threads alive now, idle ones included. */
    public int threads() {
        return pool.getPoolSize();
    }

    /** Tasks refused because every thread was busy and the queue was full. */
    public long refused() {
        return refused.sum();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

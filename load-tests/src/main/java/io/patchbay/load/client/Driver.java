package io.patchbay.load.client;

import java.nio.ByteBuffer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that sends: every ~0.5 ms it runs each connection's ICE timers and its publisher's due packets,
 * building and protecting them in one scratch buffer. One thread keeps sends per connection in order and costs no
 * locks; it is far from saturated at the loads this machine can forward.
 */
final class Driver implements AutoCloseable {
    private static final long TICK_NANOS = 500_000L;
    private final CopyOnWriteArrayList<ClientConnection> connections = new CopyOnWriteArrayList<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(2048);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean mediaPaused;

    Driver() {
        thread = new Thread(this::run, "load-driver");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    void add(ClientConnection c) {
        connections.addIfAbsent(c);
    }

    void remove(ClientConnection c) {
        connections.remove(c);
    }

    /** Publishers stop sending media (ICE keeps running) until resumed; then they go on from now, no burst. */
    void pauseMedia(boolean paused) {
        mediaPaused = paused;
    }

    private void run() {
        boolean wasPaused = false;
        while (running) {
            long now = System.nanoTime();
            boolean paused = mediaPaused;
            boolean resume = wasPaused && !paused;
            wasPaused = paused;
            for (ClientConnection c : connections) {
                try {
                    if (resume) c.resumeMedia(now);
                    c.tick(now, scratch, !paused);
                } catch (RuntimeException e) {
                    c.dropped.incrementAndGet();
                }
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

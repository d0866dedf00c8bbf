package io.patchbay.media.transport;

import io.netty.channel.epoll.MultiDatagramSender;
import io.patchbay.media.MediaStats;
import io.patchbay.media.SendErrorReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import io.patchbay.media.worker.MediaWorker;

/**
 * One media thread's send-only socket on the media port, sending what the thread produces in batches: each datagram
 * is copied into a slot of a native buffer and goes out with the others in one {@code sendmmsg(2)} when the batch is
 * full, when the thread has handled a received packet (its whole fan-out: one call for up to 64 subscribers), or when
 * its loop ends a turn of commands and timers ({@link #flush}, from {@code MediaWorker}). The send system call was 86%
 * of a media thread's time one datagram at a time; a batch of 64 costs about a third per datagram. Nothing is
 * allocated per datagram, and each thread has its own socket, so threads share no lock.
 *
 * <p>A datagram waits only while the rest of its packet's fan-out is written (holding it across packets would make the
 * TWCC send times wrong, see {@code MediaWorker#addEndOfTurn}). Order is kept: a transport is on one thread and its
 * datagrams leave in the order they were queued.
 *
 * <p>The socket is non-blocking. When its send buffer is full the thread waits for room briefly (up to
 * {@link #FULL_WAIT_NANOS}, as a blocking send would have), then drops the rest and counts them as send errors.
 *
 * <p>Threads: {@link #send} and {@link #flush} on the owning media thread only; {@link #close} after it stopped.
 */
final class BatchedUdpSender implements MediaSender, AutoCloseable {
    /** Datagrams per {@code sendmmsg}: most of the saving is reached by 32, and the native side keeps them on stack. */
    static final int BATCH = 64;
    /** Room per datagram: a pool buffer's size. */
    static final int SLOT_BYTES = 2048;
    private static final int SEND_BUFFER_BYTES = 4 << 20;
    private static final long FULL_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long FULL_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final MultiDatagramSender socket;
    private final ByteBuffer slots;
    private final long slotsAddress;
    private final MediaStats stats;
    private final MediaWorker worker;
    /** For each queued datagram, when the datagram that caused it was received (0: not caused by one). */
    private final long[] causes = new long[BATCH];
    private int next;
    private long failedSeen;

    private BatchedUdpSender(MultiDatagramSender socket, MediaStats stats, MediaWorker worker) {
        this.socket = socket;
        this.stats = stats;
        this.worker = worker;
        this.slots = ByteBuffer.allocateDirect(BATCH * SLOT_BYTES);
        this.slotsAddress = io.netty.channel.unix.Buffer.memoryAddress(slots);
    }

    /** Null when batched sends cannot work in this process; else why not. */
    static String unavailabilityReason() {
        return MultiDatagramSender.unavailabilityReason();
    }

    /**
     * Binds the wildcard address on {@code port} (SO_REUSEADDR), beside ice4j's sockets and the other threads': IPv4
     * {@code 0.0.0.0}, or with {@code dualStack} IPv6 {@code ::}, which sends to IPv4 and IPv6 destinations.
     */
    static BatchedUdpSender bindWildcard(int port, boolean dualStack, MediaStats stats) throws IOException {
        return bindWildcard(port, dualStack, stats, null);
    }

    /** As above, for {@code worker}'s thread, whose sends' delays it records ({@code DelayHistogram}). */
    static BatchedUdpSender bindWildcard(int port, boolean dualStack, MediaStats stats, MediaWorker worker)
            throws IOException {
        return new BatchedUdpSender(MultiDatagramSender.bind(UdpSender.wildcard(port, dualStack), SEND_BUFFER_BYTES,
                BATCH), stats, worker);
    }

    @Override
    public boolean send(byte[] buf, int off, int len, UdpDestination to) {
        if (len > SLOT_BYTES) return false;
        if (next == BATCH) flush();
        int slot = next++;
        slots.put(slot * SLOT_BYTES, buf, off, len);
        causes[slot] = worker == null ? 0 : worker.causeArrivalNanos();
        socket.add(slotsAddress + (long) slot * SLOT_BYTES, len, to.addressBytes, to.port);
        return true;
    }

    /** Sends everything queued (media thread; cheap when nothing is). */
    void flush() {
        if (next == 0) return;
        int queued = next;
        socket.flush();
        if (socket.queued() > 0) waitForRoom();
        long failed = socket.failedCount();
        for (long f = failedSeen; f < failed; f++) stats.sendError(SendErrorReason.REFUSED);
        failedSeen = failed;
        stats.sendBatch(queued);
        recordDelays(queued);
        next = 0;
    }

    /** The server's delay for each datagram a received one caused: one clock read, one count per run of a cause. */
    private void recordDelays(int queued) {
        long now = System.nanoTime();
        int i = 0;
        while (i < queued) {
            long cause = causes[i];
            int j = i + 1;
            while (j < queued && causes[j] == cause) j++;
            if (cause != 0) stats.forwardDelay().record(now - cause, j - i);
            i = j;
        }
    }

    /** The send buffer is full: give the kernel a moment to drain it, then drop what still does not fit. */
    private void waitForRoom() {
        long deadline = System.nanoTime() + FULL_WAIT_NANOS;
        while (socket.queued() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(FULL_POLL_NANOS);
            socket.flush();
        }
        for (int i = socket.queued(); i > 0; i--) stats.sendError(SendErrorReason.BUFFER_FULL);
        socket.clear();
    }

    @Override
    public void close() {
        socket.close();
    }
}

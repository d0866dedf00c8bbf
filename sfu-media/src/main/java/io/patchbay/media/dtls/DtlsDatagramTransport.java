package io.patchbay.media.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Adapts the ICE component to BouncyCastle's blocking {@link DatagramTransport}: DTLS records demultiplexed from the
 * shared port (RFC 7983) are queued here by the socket thread and read by the handshake thread.
 */
public final class DtlsDatagramTransport implements DatagramTransport {
    /** Conservative MTU for DTLS records; fits every path WebRTC runs on. */
    private static final int SEND_LIMIT_BYTES = 1200;
    private static final int RECEIVE_LIMIT_BYTES = 1500;
    private static final int QUEUE_CAPACITY = 64;

    /** Sends one datagram to the peer. */
    public interface Sender {
        void send(byte[] buf, int off, int len) throws IOException;
    }

    /** Queued by {@link #close()} to wake a handshake thread waiting in {@link #receive}. */
    private static final byte[] CLOSED = new byte[0];

    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Sender sender;
    private volatile boolean closed;

    DtlsDatagramTransport(Sender sender) {
        this.sender = sender;
    }

    /** Called by the socket thread; returns false when the queue is full (the record is dropped; DTLS retransmits). */
    boolean offer(byte[] record) {
        return !closed && inbound.offer(record);
    }

    /**
     * Records are waiting to be read. Never once closed: the wake-up marker that {@link #close()} leaves in the queue is
     * not a record, and {@link #receive} refuses to read it, so a drain loop asking this would spin on it forever (one
     * DTLS thread at 100% per peer that sent close_notify or a fatal alert, until its transport closed).
     */
    boolean hasPending() {
        return !closed && !inbound.isEmpty();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT_BYTES;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT_BYTES;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        // Not -1 ("nothing yet"): BouncyCastle would call again at once and spin until its handshake timeout.
        if (closed) throw new IOException("transport closed");
        try {
            byte[] record = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
            if (record == null) return -1;
            if (record == CLOSED) throw new IOException("transport closed");
            int n = Math.min(len, record.length);
            System.arraycopy(record, 0, buf, off, n);
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("DTLS receive interrupted");
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) throw new IOException("transport closed");
        sender.send(buf, off, len);
    }

    @Override
    public void close() {
        closed = true;
        inbound.clear();
        // BouncyCastle waits up to its retransmission interval (doubling to 60 s) in receive: end that wait now.
        inbound.offer(CLOSED);
    }
}

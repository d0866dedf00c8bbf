package io.patchbay.load.peer;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * BouncyCastle's view of the ICE-selected path: DTLS records (RFC 7983 first byte 20-63) that the socket's reader
 * hands over ({@link #offer}, after checking their source) are queued here; sends go to the selected remote address
 * through the given {@link Sender}. The queue is bounded: a flood of records is dropped, not buffered.
 */
public final class DtlsDatagramTransport implements DatagramTransport {
    /** Sends one datagram to the selected remote address. */
    public interface Sender {
        void send(byte[] data, int off, int len) throws IOException;
    }

    private static final int MTU = 1200;
    private final BlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>(256);
    private final Sender sender;
    private volatile boolean closed;

    public DtlsDatagramTransport(Sender sender) {
        this.sender = sender;
    }

    /** From the socket reader: a private copy of one DTLS datagram from the selected remote address. */
    public void offer(byte[] record) {
        inbound.offer(record);
    }

    @Override
    public int getReceiveLimit() {
        return 2048;
    }

    @Override
    public int getSendLimit() {
        return MTU;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) throw new IOException("transport closed");
        byte[] data;
        try {
            data = inbound.poll(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (data == null) return -1;
        int n = Math.min(len, data.length);
        System.arraycopy(data, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) throw new IOException("transport closed");
        sender.send(buf, off, len);
    }

    @Override
    public void close() {
        closed = true;
    }
}

package io.patchbay.load.client;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * BouncyCastle's view of a connection during the DTLS handshake: DTLS records (RFC 7983 first byte 20-63) that the
 * receive loop hands over are queued; sends go straight to the ICE-selected address. Only used for the handshake
 * (and any late flight retransmissions, which are queued and dropped when full).
 */
final class QueueDatagramTransport implements DatagramTransport {
    interface Sender {
        void send(byte[] data, int off, int len) throws IOException;
    }

    private static final int MTU = 1200;
    private final BlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>(256);
    private final Sender sender;
    private volatile boolean closed;

    QueueDatagramTransport(Sender sender) {
        this.sender = sender;
    }

    /** From the receive loop: a private copy of one DTLS datagram. */
    void offer(byte[] record) {
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

package io.patchbay.load.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DatagramTransport;

/**
 * BouncyCastle's view of the ICE-selected path: DTLS records (first byte 20-63, RFC 7983) that the
 * {@link UdpMux} hands over are queued here, and sends go to the selected remote address.
 * Records from any other source address are counted and dropped.
 */
final class DtlsDatagramTransport implements DatagramTransport {
    private static final int MTU = 1200;

    private final UdpMux mux;
    private final InetSocketAddress remote;
    private final BlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>(1024);
    private volatile boolean closed;
    final AtomicLong recordsFromOthers = new AtomicLong();

    DtlsDatagramTransport(UdpMux mux, InetSocketAddress remote) {
        this.mux = mux;
        this.remote = remote;
        mux.onDtls(this::onDatagram);
    }

    private void onDatagram(byte[] data, InetSocketAddress from) {
        if (!remote.equals(from)) {
            recordsFromOthers.incrementAndGet();
            return;
        }
        inbound.offer(data);
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
        if (closed) {
            throw new IOException("transport closed");
        }
        byte[] data;
        try {
            data = inbound.poll(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (data == null) {
            return -1;
        }
        int n = Math.min(len, data.length);
        System.arraycopy(data, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        mux.send(buf, off, len, remote);
    }

    @Override
    public void close() {
        closed = true;
    }
}

package io.patchbay.signaling.impair;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A UDP socket for tests that records every datagram it receives (with the arrival time) and, as the fake server,
 * echoes each one back to its source. Datagrams written by {@link #datagram} carry a sequence number and the send
 * time, so one-way delay is measured on the one JVM clock.
 *
 * <p>Thread: a reader thread named {@code test-udp-NAME} records and echoes; the rest is called by the test.
 */
final class RecordingSocket implements AutoCloseable {
    /** One received datagram. */
    record Arrival(InetSocketAddress from, byte[] data, long atNanos) {
        int seq() {
            return ByteBuffer.wrap(data).getInt(4);
        }

        long sentAtNanos() {
            return ByteBuffer.wrap(data).getLong(8);
        }

        long oneWayNanos() {
            return atNanos - sentAtNanos();
        }
    }

    static final int HEADER_BYTES = 16;

    private final DatagramSocket socket;
    private final boolean echo;
    private final Thread reader;
    private final List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());

    RecordingSocket(String name, InetSocketAddress bind, boolean echo) throws SocketException {
        this.socket = new DatagramSocket(bind);
        this.socket.setReceiveBufferSize(4 << 20);
        this.socket.setSendBufferSize(4 << 20);
        this.echo = echo;
        this.reader = new Thread(this::readLoop, "test-udp-" + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** A datagram of {@code size} bytes: first byte, then at offset 4 the sequence number, at 8 the send time. */
    static byte[] datagram(int firstByte, int seq, int size) {
        byte[] d = new byte[Math.max(HEADER_BYTES, size)];
        ByteBuffer b = ByteBuffer.wrap(d);
        b.put(0, (byte) firstByte);
        b.putInt(4, seq);
        return d;
    }

    /** Stamps the send time into {@code data} and sends it to {@code to}. */
    void send(byte[] data, InetSocketAddress to) throws IOException {
        ByteBuffer.wrap(data).putLong(8, System.nanoTime());
        socket.send(new DatagramPacket(data, data.length, to));
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    int count() {
        return arrivals.size();
    }

    List<Arrival> arrivals() {
        synchronized (arrivals) {
            return new ArrayList<>(arrivals);
        }
    }

    List<Integer> seqs() {
        return arrivals().stream().map(Arrival::seq).collect(Collectors.toList());
    }

    Set<InetSocketAddress> sources() {
        return arrivals().stream().map(Arrival::from).collect(Collectors.toSet());
    }

    private void readLoop() {
        byte[] buf = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                p.setData(buf);
                socket.receive(p);
                long now = System.nanoTime();
                byte[] data = Arrays.copyOf(buf, p.getLength());
                arrivals.add(new Arrival((InetSocketAddress) p.getSocketAddress(), data, now));
                if (echo) {
                    socket.send(new DatagramPacket(data, data.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

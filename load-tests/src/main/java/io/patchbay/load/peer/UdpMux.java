package io.patchbay.load.peer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One UDP socket on 127.0.0.1 shared by ICE, DTLS and SRTP of one peer connection. A reader thread receives
 * datagrams and demultiplexes them by their first byte (RFC 7983 section 7): 0-3 STUN, 20-63 DTLS,
 * 128-191 RTP/RTCP; RTCP is told from RTP by the second byte being 192-223 (RFC 5761 section 4).
 * Handlers run on the reader thread. {@link #blackhole} simulates a vanished network: nothing is delivered or sent.
 */
final class UdpMux implements AutoCloseable {
    /** Receives one demultiplexed datagram (a private copy). */
    interface Handler {
        void onDatagram(byte[] data, InetSocketAddress from);
    }

    private final DatagramSocket socket;
    private final Thread reader;
    private volatile Handler stunHandler = (d, f) -> { };
    private volatile Handler dtlsHandler = (d, f) -> { };
    private volatile Handler rtpHandler = (d, f) -> { };
    private volatile Handler rtcpHandler = (d, f) -> { };
    private volatile boolean closed;
    private volatile boolean blackholed;
    final AtomicLong received = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong unknown = new AtomicLong();
    /** Datagrams dropped while blackholed, each way. */
    final AtomicLong blackholedIn = new AtomicLong();
    final AtomicLong blackholedOut = new AtomicLong();

    UdpMux(String name) throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(1 << 20);
        socket.setSendBufferSize(1 << 20);
        reader = new Thread(this::readLoop, "udp-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void onStun(Handler h) {
        stunHandler = h;
    }

    void onDtls(Handler h) {
        dtlsHandler = h;
    }

    void onRtp(Handler h) {
        rtpHandler = h;
    }

    void onRtcp(Handler h) {
        rtcpHandler = h;
    }

    /** While on, every received datagram is dropped before demultiplexing and every send is silently dropped. */
    void blackhole(boolean on) {
        blackholed = on;
    }

    void send(byte[] data, int offset, int length, InetSocketAddress to) throws IOException {
        if (blackholed) {
            blackholedOut.incrementAndGet();
            return;
        }
        socket.send(new DatagramPacket(data, offset, length, to));
        sent.incrementAndGet();
    }

    private void readLoop() {
        byte[] buf = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                packet.setLength(buf.length);
                socket.receive(packet);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (blackholed) {
                blackholedIn.incrementAndGet();
                continue;
            }
            received.incrementAndGet();
            int length = packet.getLength();
            if (length == 0) {
                unknown.incrementAndGet();
                continue;
            }
            byte[] data = Arrays.copyOf(buf, length);
            InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
            int first = data[0] & 0xFF;
            try {
                if (first <= 3) {
                    stunHandler.onDatagram(data, from);
                } else if (first >= 20 && first <= 63) {
                    dtlsHandler.onDatagram(data, from);
                } else if (first >= 128 && first <= 191 && length >= 2) {
                    int second = data[1] & 0xFF;
                    if (second >= 192 && second <= 223) {
                        rtcpHandler.onDatagram(data, from);
                    } else {
                        rtpHandler.onDatagram(data, from);
                    }
                } else {
                    unknown.incrementAndGet();
                }
            } catch (RuntimeException e) {
                // A handler bug must not stop the reader; it shows up as missing packets in the test.
                unknown.incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

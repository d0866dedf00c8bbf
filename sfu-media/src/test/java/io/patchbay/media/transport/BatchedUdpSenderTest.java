package io.patchbay.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.worker.MediaClock;
import io.patchbay.media.worker.MediaWorker;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Batched sends over real UDP sockets on loopback: every datagram arrives, from the media port, in order per receiver,
 * in one {@code sendmmsg} per 64; the media thread's end of turn sends what it queued; nothing is allocated per
 * datagram; and the batched socket shares the media port without taking the exact-address socket's datagrams.
 */
class BatchedUdpSenderTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void theNativeSendPathLoadsHere() {
        // CI runs on Linux x86_64, where Netty's epoll library must load and its internals match the bridge; if a
        // Netty upgrade changed them, this says so instead of the server quietly sending one datagram per call.
        assertNull(BatchedUdpSender.unavailabilityReason());
    }

    @Test
    void everyDatagramArrivesFromTheMediaPortInOrderInOneCallPerBatch() throws Exception {
        MediaStats stats = new MediaStats();
        List<DatagramChannel> receivers = new ArrayList<>();
        try (DatagramChannel exact = exactAddressSocket();
             BatchedUdpSender sender = BatchedUdpSender.bindWildcard(port(exact), false, stats)) {
            for (int r = 0; r < 3; r++) receivers.add(receiver());
            List<UdpDestination> to = new ArrayList<>();
            for (DatagramChannel r : receivers) to.add(new UdpDestination((InetSocketAddress) r.getLocalAddress()));
            byte[] buf = new byte[1200];
            int count = 200;
            for (int i = 0; i < count; i++) {
                fill(buf, 10, i, 100 + i);
                assertTrue(sender.send(buf, 10, 100 + i, to.get(i % 3)));
            }
            sender.flush();
            assertEquals((count + BatchedUdpSender.BATCH - 1) / BatchedUdpSender.BATCH, stats.sendBatches());
            assertEquals(count, stats.batchedDatagrams());
            for (int r = 0; r < 3; r++) {
                for (int i = r; i < count; i += 3) {
                    DatagramPacket got = receive(receivers.get(r));
                    assertEquals(port(exact), got.getPort(), "sent from the media port");
                    byte[] expected = new byte[100 + i];
                    fill(expected, 0, i, 100 + i);
                    assertArrayEquals(expected, Arrays.copyOf(got.getData(), got.getLength()),
                            "datagram " + i + " to receiver " + r);
                }
            }
            assertEquals(0, stats.sendErrors());

            // The batched socket is bound to the wildcard address: datagrams to the exact address stay with its socket.
            try (DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET)) {
                client.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), exact.getLocalAddress());
            }
            exact.socket().setSoTimeout(2000);
            assertEquals(3, receive(exact).getLength());
        } finally {
            for (DatagramChannel r : receivers) r.close();
        }
    }

    /**
     * With an IPv6 media address the batched socket is dual-stack ({@code ::}): one batch reaches an IPv6 and an IPv4
     * receiver, each from the media port, and datagrams to the exact IPv6 address stay with its socket.
     */
    @Test
    void aDualStackSocketSendsToIpv6AndIpv4InOneBatch() throws Exception {
        InetAddress ipv6Loopback = InetAddress.getByName("::1");
        MediaStats stats = new MediaStats();
        try (DatagramChannel exact = exactAddressSocket(ipv6Loopback);
             BatchedUdpSender sender = BatchedUdpSender.bindWildcard(port(exact), true, stats);
             DatagramChannel v6 = receiver(ipv6Loopback);
             DatagramChannel v4 = receiver(LOOPBACK)) {
            UdpDestination to6 = new UdpDestination((InetSocketAddress) v6.getLocalAddress());
            UdpDestination to4 = new UdpDestination((InetSocketAddress) v4.getLocalAddress());
            assertTrue(to6.isIpv6());
            byte[] buf = new byte[300];
            for (int i = 0; i < 10; i++) {
                fill(buf, 0, i, 50 + i);
                assertTrue(sender.send(buf, 0, 50 + i, i % 2 == 0 ? to6 : to4));
            }
            sender.flush();
            assertEquals(1, stats.sendBatches());
            for (int i = 0; i < 10; i++) {
                DatagramPacket got = receive(i % 2 == 0 ? v6 : v4);
                assertEquals(port(exact), got.getPort(), "sent from the media port");
                assertEquals(i % 2 == 0 ? ipv6Loopback : LOOPBACK, got.getAddress(), "datagram " + i);
                byte[] expected = new byte[50 + i];
                fill(expected, 0, i, 50 + i);
                assertArrayEquals(expected, Arrays.copyOf(got.getData(), got.getLength()), "datagram " + i);
            }
            assertEquals(0, stats.sendErrors());
            try (DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET6)) {
                client.send(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), exact.getLocalAddress());
            }
            exact.socket().setSoTimeout(2000);
            assertEquals(4, receive(exact).getLength());
        }
    }

    @Test
    void theMediaThreadSendsWhatItQueuedAtTheEndOfItsTurn() throws Exception {
        MediaStats stats = new MediaStats();
        MediaWorker worker = new MediaWorker("batched-send-test", new PacketBufferPool(16), MediaClock.SYSTEM, reason -> { });
        try (DatagramChannel exact = exactAddressSocket();
             BatchedUdpSender sender = BatchedUdpSender.bindWildcard(port(exact), false, stats);
             DatagramChannel receiver = receiver()) {
            UdpDestination to = new UdpDestination((InetSocketAddress) receiver.getLocalAddress());
            CountDownLatch queued = new CountDownLatch(1);
            worker.execute(() -> {
                worker.addEndOfTurn(sender::flush);
                byte[] buf = {7, 7, 7};
                sender.send(buf, 0, 3, to);
                sender.send(buf, 0, 2, to);
                queued.countDown(); // no flush here: the worker's end of turn sends them
            });
            assertTrue(queued.await(5, TimeUnit.SECONDS));
            assertEquals(3, receive(receiver).getLength());
            assertEquals(2, receive(receiver).getLength());
        } finally {
            worker.close();
        }
    }

    @Test
    void sendingAllocatesNothingPerDatagram() throws Exception {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(bean.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        bean.setThreadAllocatedMemoryEnabled(true);
        MediaStats stats = new MediaStats();
        try (DatagramChannel exact = exactAddressSocket();
             BatchedUdpSender sender = BatchedUdpSender.bindWildcard(port(exact), false, stats);
             DatagramChannel sink = receiver()) {
            UdpDestination to = new UdpDestination((InetSocketAddress) sink.getLocalAddress());
            byte[] buf = new byte[1100];
            int datagrams = 100_000;
            sendMany(sender, buf, to, datagrams); // warm-up: class loading, JIT
            long threadId = Thread.currentThread().getId();
            long before = bean.getThreadAllocatedBytes(threadId);
            sendMany(sender, buf, to, datagrams);
            long allocated = bean.getThreadAllocatedBytes(threadId) - before;
            // The sink is not read: the kernel drops what its buffer cannot hold, the sends still succeed.
            assertTrue(allocated < 2_000, allocated + " bytes allocated over " + datagrams + " datagrams");
            assertEquals(0, stats.sendErrors());
        }
    }

    private static void sendMany(BatchedUdpSender sender, byte[] buf, UdpDestination to, int datagrams) {
        for (int i = 0; i < datagrams; i++) {
            buf[0] = (byte) i;
            sender.send(buf, 0, buf.length, to);
            if (i % 200 == 199) sender.flush(); // as a media thread's turns would
        }
        sender.flush();
    }

    private static void fill(byte[] buf, int off, int seed, int len) {
        for (int i = 0; i < len; i++) buf[off + i] = (byte) (seed * 31 + i);
    }

    /** Stands in for ice4j's socket: bound to the exact loopback address, SO_REUSEADDR. */
    private static DatagramChannel exactAddressSocket() throws Exception {
        return exactAddressSocket(LOOPBACK);
    }

    private static DatagramChannel exactAddressSocket(InetAddress address) throws Exception {
        DatagramChannel c = DatagramChannel.open(family(address));
        c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        c.bind(new InetSocketAddress(address, 0));
        return c;
    }

    private static StandardProtocolFamily family(InetAddress a) {
        return a instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** The next datagram, or a timeout after 2 s (the channel's own receive would wait for ever). */
    private static DatagramPacket receive(DatagramChannel c) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        c.socket().receive(p);
        return p;
    }

    private static DatagramChannel receiver() throws Exception {
        return receiver(LOOPBACK);
    }

    private static DatagramChannel receiver(InetAddress address) throws Exception {
        DatagramChannel c = DatagramChannel.open(family(address));
        c.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        c.bind(new InetSocketAddress(address, 0));
        c.socket().setSoTimeout(2000);
        return c;
    }

    private static int port(DatagramChannel c) throws Exception {
        return ((InetSocketAddress) c.getLocalAddress()).getPort();
    }
}

package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.core.room.TrackKind;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.PacketFate;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.rtcp.Pli;
import io.patchbay.media.relay.RelayLinks;
import io.patchbay.media.relay.RelayPort;
import io.patchbay.media.relay.RelayTransport;
import io.patchbay.media.worker.MediaClock;
import io.patchbay.media.worker.MediaWorker;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two routers (two "nodes") joined by a relay over real UDP on loopback, through a proxy that can lose a datagram:
 * a publisher's packets on A reach a subscriber on B once per link, a packet the link lost is asked for by B and
 * resent by A from its cache as RTX, the publisher's Sender Report crosses, and a keyframe request from B's subscriber
 * reaches A's publisher.
 */
class RelayBetweenRoutersTest {
    private static final long PUBLISHER_SSRC = 0x11223344L;
    private static final long RELAY_SSRC = 0x0A000001L;
    private static final long RELAY_RTX_SSRC = 0x0A000002L;
    private static final long SUBSCRIBER_SSRC = 0x5000L;
    private static final ExtensionIds PUBLISHER_EXTENSIONS = new ExtensionIds(0, 2, 3, 4);
    private static final ExtensionIds RELAY_EXTENSIONS = new ExtensionIds(0, 0, 0, 0);

    private final MediaStats statsA = new MediaStats();
    private final MediaStats statsB = new MediaStats();
    private final PacketBufferPool pool = new PacketBufferPool(1024);
    private final MediaWorker workerA = new MediaWorker("relay-test-a", pool, MediaClock.SYSTEM, reason -> { });
    private final MediaWorker workerB = new MediaWorker("relay-test-b", pool, MediaClock.SYSTEM, reason -> { });
    private final Router routerA = new Router("room", workerA, null, statsA, new Quiet());
    private final Router routerB = new Router("room", workerB, null, statsB, new Quiet());
    private final CountingTransport publisher = new CountingTransport("publisher");
    private final CountingTransport subscriber = new CountingTransport("subscriber");
    private RelayLinks linksA;
    private RelayLinks linksB;
    private LossyProxy proxy;

    @AfterEach
    void stop() throws Exception {
        routerA.close();
        routerB.close();
        workerA.close();
        workerB.close();
        if (linksA != null) linksA.close();
        if (linksB != null) linksB.close();
        if (proxy != null) proxy.close();
    }

    @Test
    void mediaCrossesOnceAndKeyframeRequestsAndNacksComeBack() throws Exception {
        linksA = new RelayLinks(RelayPort.bind("127.0.0.1", 0, pool, statsA), statsA);
        linksB = new RelayLinks(RelayPort.bind("127.0.0.1", 0, pool, statsB), statsB);
        RelayTransport relayA = linksA.open("a-to-b", routerA);
        RelayTransport relayB = linksB.open("b-to-a", routerB);
        proxy = new LossyProxy(relayA.localParameters().address(), relayB.localParameters().address());
        // Each end believes the other is at the proxy, which forwards between the two ports.
        relayA.connect(at(relayB.localParameters(), proxy.address()));
        relayB.connect(at(relayA.localParameters(), proxy.address()));

        routerA.addTransport(publisher);
        routerA.createProducer(publisher, new ProducerSpec("video", TrackKind.VIDEO, "1",
                List.of(new CodecMapping(96, 96, "VP8", 90_000)), Map.of(96, 97), PUBLISHER_SSRC, 0,
                PUBLISHER_EXTENSIONS, true, true, 0));
        routerA.relayProducer("video", relayA, List.of(new RelayStream(RELAY_SSRC, RELAY_RTX_SSRC)));
        routerB.createProducer(relayB, new ProducerSpec("video", TrackKind.VIDEO, "1",
                List.of(new CodecMapping(96, 96, "VP8", 90_000)), Map.of(96, 97), RELAY_SSRC, RELAY_RTX_SSRC,
                RELAY_EXTENSIONS, true, true, 0));
        routerB.addTransport(subscriber);
        subscriber.recorded = java.util.Collections.synchronizedList(new ArrayList<>());
        routerB.createConsumer(subscriber, new ConsumerSpec("video", SUBSCRIBER_SSRC, "0", "cname",
                PUBLISHER_EXTENSIONS, 0x6000L, 97, false));

        // Sequence 1 is a keyframe; the proxy loses the link's copy of sequence 3.
        proxy.dropRtpNumber.set(3);
        for (int seq = 1; seq <= 5; seq++) publish(seq, seq == 1);
        waitFor(() -> subscriber.rtpPackets >= 5, () -> "the subscriber on B got all five packets, the lost one resent;"
                + " now: " + state());
        // A counts a relay packet after its send returns: B may deliver the resent one before A's counter moves.
        waitFor(() -> statsA.relayPacketsSent() >= 6, "A counted what it sent");
        assertEquals(0, publisher.rtpPackets, "the publisher itself is sent nothing");
        assertTrue(statsA.relayPacketsSent() >= 6, "five packets plus one retransmission crossed: "
                + statsA.relayPacketsSent());
        assertTrue(statsA.retransmissionsSent() >= 1, "A answered B's NACK from its cache");
        assertEquals(1, proxy.dropped.get());

        // The publisher's Sender Report crosses with its clock mapping: the subscriber on B gets Sender Reports on that
        // timeline (10 s ahead of the packets here), not on the packets' alone.
        subscriber.recordedRtcp = java.util.Collections.synchronizedList(new ArrayList<>());
        long offset = (readInt(subscriber.recorded.get(0), 4) - 3000L) & 0xFFFFFFFFL; // seq 1 had timestamp 3000
        onWorker(workerA, () -> {
            PacketBuffer sr = pool.acquire();
            sr.length = io.patchbay.media.packet.rtcp.SenderReport.write(sr.data, sr.offset, PUBLISHER_SSRC,
                    0x1234_5678_0000_0000L, 15_000 + 900_000, 5, 500, null, 0);
            sr.receivedAtNanos = MediaClock.SYSTEM.nanoTime();
            routerA.onRtcp(publisher, sr);
            pool.release(sr);
        });
        // Within 3 s: a subscriber's SR without the publisher's mapping continues from the last packet sent (timestamp
        // 15,000 + at most ~3.2 s x 90 kHz < 300,000 here), far from the 915,000 the forwarded SR puts it at.
        waitFor(Duration.ofSeconds(3), () -> {
            synchronized (subscriber.recordedRtcp) {
                for (byte[] r : subscriber.recordedRtcp) {
                    if ((r[1] & 0xFF) == 200 && ((readInt(r, 16) - offset) & 0xFFFFFFFFL) > 800_000) return true;
                }
            }
            return false;
        }, "the subscriber's Sender Report follows the publisher's clock mapping from across the link");

        long plisBefore = publisher.plis;
        onWorker(workerB, () -> {
            PacketBuffer p = pool.acquire();
            p.length = Pli.write(p.data, p.offset, 0x9999L, SUBSCRIBER_SSRC);
            routerB.onRtcp(subscriber, p);
            pool.release(p);
        });
        waitFor(() -> publisher.plis > plisBefore, "B's subscriber's PLI reached A's publisher");
    }

    private static long readInt(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }

    private static RelayTransport.Parameters at(RelayTransport.Parameters p, InetSocketAddress address) {
        return new RelayTransport.Parameters(address, p.linkId(), p.sendKeyMaterial());
    }

    private void publish(int seq, boolean keyframe) throws Exception {
        onWorker(workerA, () -> {
            PacketBuffer packet = pool.acquire();
            RtpHeaderWriter writer = new RtpHeaderWriter();
            writer.begin(packet.data, packet.offset, false, true, 96, seq, seq * 3000L, PUBLISHER_SSRC);
            int header = writer.finish();
            packet.data[packet.offset + header] = 0x10; // VP8 descriptor: S bit
            packet.data[packet.offset + header + 1] = (byte) (keyframe ? 0x00 : 0x01); // P bit 0: key frame
            packet.length = header + 100;
            packet.receivedAtNanos = MediaClock.SYSTEM.nanoTime();
            if (routerA.onRtp(publisher, packet) == PacketFate.RELEASE) pool.release(packet);
        });
    }

    private static void onWorker(MediaWorker worker, Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        worker.execute(() -> {
            action.run();
            done.complete(null);
        });
        done.get(10, TimeUnit.SECONDS);
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        waitFor(Duration.ofSeconds(10), condition, () -> what);
    }

    private static void waitFor(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        waitFor(Duration.ofSeconds(10), condition, what);
    }

    private static void waitFor(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        waitFor(timeout, condition, () -> what);
    }

    private static void waitFor(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + timeout + ": " + what.get());
            Thread.sleep(10);
        }
    }

    /** What each side counted, for a failure message: where a packet stopped. */
    private String state() {
        StringBuilder out = new StringBuilder("subscriber got " + subscriber.rtpPackets + " RTP; proxy dropped "
                + proxy.dropped.get() + "; A: relay sent " + statsA.relayPacketsSent() + ", NACKs received "
                + statsA.nacksReceived() + ", retransmitted " + statsA.retransmissionsSent() + ", missed "
                + statsA.retransmissionsMissed() + "; B: relay received " + statsB.relayPacketsReceived() + ", RTX "
                + statsB.rtxPacketsReceived() + ", NACKs sent " + statsB.nacksSent() + ", forwarded "
                + statsB.packetsForwarded());
        for (io.patchbay.media.SkipReason r : io.patchbay.media.SkipReason.values()) {
            if (statsB.skippedCount(r) > 0) out.append(", skipped ").append(r).append(' ').append(statsB.skippedCount(r));
        }
        for (io.patchbay.media.DropReason r : io.patchbay.media.DropReason.values()) {
            if (statsB.droppedCount(r) > 0) out.append(", dropped ").append(r).append(' ').append(statsB.droppedCount(r));
        }
        return out.toString();
    }

    /** Forwards datagrams between two ports, losing the Nth RTP datagram from the first to the second. */
    private static final class LossyProxy implements AutoCloseable {
        final AtomicInteger dropRtpNumber = new AtomicInteger(-1);
        final AtomicInteger dropped = new AtomicInteger();
        private final DatagramChannel channel;
        private final Thread thread;

        LossyProxy(InetSocketAddress a, InetSocketAddress b) throws Exception {
            channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            thread = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocate(2048);
                int rtpFromA = 0;
                try {
                    while (true) {
                        buf.clear();
                        SocketAddress from = channel.receive(buf);
                        buf.flip();
                        boolean fromA = from.equals(a);
                        // After the 4-byte link id: RTCP packet types 192-223 (RFC 5761 section 4).
                        boolean rtp = buf.remaining() > 5 && !((buf.get(5) & 0xFF) >= 192 && (buf.get(5) & 0xFF) <= 223);
                        if (fromA && rtp && ++rtpFromA == dropRtpNumber.get()) {
                            dropped.incrementAndGet();
                            continue;
                        }
                        channel.send(buf, fromA ? b : a);
                    }
                } catch (Exception e) {
                    // closed
                }
            }, "relay-test-proxy");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() throws Exception {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public void close() throws Exception {
            channel.close();
            thread.join(2000);
        }
    }

    private static final class Quiet implements RouterListener {
        @Override
        public void onTransportConnected(String transportId) {
        }

        @Override
        public void onTransportFailed(String transportId, String reason) {
        }
    }
}

package io.patchbay.signaling.impair;

import static io.patchbay.signaling.impair.RecordingSocket.datagram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.signaling.impair.ImpairmentProfile.Scope;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay over real UDP sockets on loopback: an echoing fake server on 127.0.0.1, the relay on 127.0.0.2 and
 * clients on 127.0.0.1, as the SFU's tests will use it. Results are awaited with deadlines, never slept for.
 */
@Timeout(20)
class UdpImpairmentRelayTest {
    private static final int RTP = 0x80;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private RecordingSocket server;

    @BeforeEach
    void startServer() throws Exception {
        server = track(new RecordingSocket("server", new InetSocketAddress("127.0.0.1", 0), true));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        toClose.add(c);
        return c;
    }

    private UdpImpairmentRelay.Builder relayTo(RecordingSocket target) {
        return UdpImpairmentRelay.builder(new InetSocketAddress("127.0.0.2", 0), target.address());
    }

    private UdpImpairmentRelay start(UdpImpairmentRelay.Builder b) throws Exception {
        return track(b.build()).start();
    }

    private RecordingSocket client(String name) throws Exception {
        return track(new RecordingSocket(name, new InetSocketAddress("127.0.0.1", 0), false));
    }

    @Test
    void withoutImpairmentEveryDatagramRoundTripsInOrderFromOneStableSourcePerClient() throws Exception {
        UdpImpairmentRelay relay = start(relayTo(server).name("plain"));
        RecordingSocket alice = client("alice");
        for (int i = 0; i < 1000; i++) {
            int sent = i;
            // A window of 32 in flight keeps every socket buffer far from full.
            Await.until(WAIT, () -> alice.count() >= sent - 32, () -> "echoes " + alice.count() + " of " + sent);
            alice.send(datagram(RTP, i, 200), relay.localAddress());
        }
        Await.until(WAIT, () -> alice.count() == 1000, () -> "echoes " + alice.count());
        assertEquals(IntStream.range(0, 1000).boxed().toList(), alice.seqs());
        assertEquals(Set.of(relay.localAddress()), alice.sources(), "replies come from the advertised address");

        InetSocketAddress aliceUpstream = relay.upstreamAddressOf(alice.address()).orElseThrow();
        assertEquals(Set.of(aliceUpstream), server.sources(), "one stable source for alice");
        assertNotEquals(alice.address(), aliceUpstream);

        RecordingSocket bob = client("bob");
        for (int i = 0; i < 10; i++) {
            bob.send(datagram(RTP, i, 200), relay.localAddress());
        }
        Await.until(WAIT, () -> bob.count() == 10, () -> "bob's echoes " + bob.count());
        InetSocketAddress bobUpstream = relay.upstreamAddressOf(bob.address()).orElseThrow();
        assertNotEquals(aliceUpstream, bobUpstream);
        assertEquals(Set.of(aliceUpstream, bobUpstream), server.sources(), "distinct sources for two clients");

        RelayStats s = relay.stats();
        assertEquals(2, s.activeMappings());
        assertEquals(new DirectionStats(1010, 1010 * 200, 0, 0, 0, 0, 0, 1010, 1010 * 200, 0), s.uplink());
        assertEquals(new DirectionStats(1010, 1010 * 200, 0, 0, 0, 0, 0, 1010, 1010 * 200, 0), s.downlink());
    }

    /** Sends 5000 RTP datagrams through 10% uplink loss seeded 42; returns the sequence numbers the server got. */
    private List<Integer> tenPercentLossRun() throws Exception {
        RecordingSocket echo = track(new RecordingSocket("server", new InetSocketAddress("127.0.0.1", 0), false));
        UdpImpairmentRelay relay = start(relayTo(echo)
                .uplink(ImpairmentProfile.NONE.withLossPercent(10)).seed(Direction.UPLINK, 42));
        RecordingSocket c = client("lossy");
        for (int i = 0; i < 5000; i++) {
            int sent = i;
            Await.until(WAIT, () -> relay.stats().uplink().received() >= sent - 64, relay::stats);
            c.send(datagram(RTP, i, 100), relay.localAddress());
        }
        Await.until(WAIT, () -> relay.stats().uplink().received() == 5000 && relay.stats().uplink().pending() == 0
                && echo.count() == relay.stats().uplink().delivered(), relay::stats);
        DirectionStats up = relay.stats().uplink();
        assertEquals(5000, up.droppedLoss() + up.delivered());
        return echo.seqs();
    }

    @Test
    void tenPercentUplinkLossIsTenPercentAndTheSameSeedDropsTheSamePackets() throws Exception {
        List<Integer> first = tenPercentLossRun();
        double loss = 1.0 - first.size() / 5000.0;
        System.out.printf("10%% uplink loss, seed 42: measured %.2f%% (%d of 5000 delivered)%n",
                loss * 100, first.size());
        assertTrue(loss >= 0.08 && loss <= 0.12, "loss " + loss);
        List<Integer> second = tenPercentLossRun();
        assertEquals(first, second, "same seed, same packet order: same drop pattern");
    }

    @Test
    void fiftyMsDelayDelaysEachPacketAtLeastFiftyAndUnderSeventyMs() throws Exception {
        UdpImpairmentRelay relay = start(relayTo(server).uplink(ImpairmentProfile.NONE.withDelayMs(50)));
        RecordingSocket c = client("delayed");
        long t0 = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            Await.pace(t0 + i * 5_000_000L);
            c.send(datagram(RTP, i, 200), relay.localAddress());
        }
        Await.until(WAIT, () -> server.count() == 40, () -> "arrived " + server.count());
        long min = server.arrivals().stream().mapToLong(RecordingSocket.Arrival::oneWayNanos).min().orElseThrow();
        long max = server.arrivals().stream().mapToLong(RecordingSocket.Arrival::oneWayNanos).max().orElseThrow();
        System.out.printf("50 ms delay: one-way %.2f..%.2f ms%n", min / 1e6, max / 1e6);
        assertTrue(min >= 50_000_000L, "min " + min / 1e6 + " ms");
        assertTrue(max < 70_000_000L, "max " + max / 1e6 + " ms");
        assertEquals(IntStream.range(0, 40).boxed().toList(), server.seqs());
    }

    @Test
    void jitterKeepsOrderUnlessAllowedToReorder() throws Exception {
        UdpImpairmentRelay relay = start(relayTo(server).uplink(ImpairmentProfile.NONE.withDelayMs(20).withJitterMs(15, false)));
        RecordingSocket c = client("jittery");
        long t0 = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            Await.pace(t0 + i * 1_000_000L);
            c.send(datagram(RTP, i, 100), relay.localAddress());
        }
        Await.until(WAIT, () -> server.count() == 200, () -> "arrived " + server.count());
        assertEquals(IntStream.range(0, 200).boxed().toList(), server.seqs());

        relay.setProfile(Direction.UPLINK, ImpairmentProfile.NONE.withDelayMs(20).withJitterMs(15, true));
        for (int i = 200; i < 400; i++) {
            Await.pace(t0 + i * 1_000_000L);
            c.send(datagram(RTP, i, 100), relay.localAddress());
        }
        Await.until(WAIT, () -> server.count() == 400, () -> "arrived " + server.count());
        List<Integer> later = server.seqs().subList(200, 400);
        assertNotEquals(IntStream.range(200, 400).boxed().toList(), later, "jitter allowed to reorder did not");
        assertEquals(IntStream.range(200, 400).boxed().toList(), later.stream().sorted().toList());
    }

    @Test
    void fiveHundredKbpsCapDeliversTheCapAndDropsTheExcess() throws Exception {
        UdpImpairmentRelay relay = start(relayTo(server).uplink(ImpairmentProfile.NONE.withRateKbps(500)));
        RecordingSocket c = client("greedy");
        int size = 1000;
        long intervalNanos = size * 8L * 1_000_000_000L / 1_500_000L; // 1.5 Mbps
        long durationNanos = 3_000_000_000L;
        long t0 = System.nanoTime();
        int sent = 0;
        for (long at = t0; at - t0 < durationNanos; at += intervalNanos) {
            Await.pace(at);
            c.send(datagram(RTP, sent++, size), relay.localAddress());
        }
        int total = sent;
        Await.until(WAIT, () -> relay.stats().uplink().received() == total && relay.stats().uplink().pending() == 0
                && server.count() == relay.stats().uplink().delivered(), relay::stats);
        DirectionStats up = relay.stats().uplink();
        List<RecordingSocket.Arrival> got = server.arrivals();
        double deliveredKbps = got.size() * size * 8.0 / (durationNanos / 1e9) / 1000.0;
        double steadyKbps = (got.size() - 1) * size * 8.0
                / ((got.get(got.size() - 1).atNanos() - got.get(0).atNanos()) / 1e9) / 1000.0;
        System.out.printf("500 kbps cap, 1.5 Mbps offered for 3 s: %d sent, %d delivered, %d dropped by the queue;"
                + " %.0f kbps over the 3 s, %.0f kbps first to last arrival%n",
                total, up.delivered(), up.droppedQueue(), deliveredKbps, steadyKbps);
        assertTrue(deliveredKbps >= 425 && deliveredKbps <= 575, "delivered " + deliveredKbps + " kbps");
        assertTrue(steadyKbps >= 425 && steadyKbps <= 575, "steady " + steadyKbps + " kbps");
        assertEquals(total, up.delivered() + up.droppedQueue());
        assertTrue(up.droppedQueue() > total / 2, "dropped only " + up.droppedQueue() + " of " + total);
    }

    @Test
    void stunAndDtlsPassUnimpairedWhileAllMediaIsLost() throws Exception {
        ImpairmentProfile loseAllMedia = ImpairmentProfile.NONE.withLossPercent(100).withDelayMs(300);
        UdpImpairmentRelay relay = start(relayTo(server).uplink(loseAllMedia).downlink(loseAllMedia));
        RecordingSocket c = client("stun");
        for (int i = 0; i < 50; i++) {
            c.send(datagram(RTP, 1000 + i, 200), relay.localAddress());
            c.send(datagram(i % 2, i, 100), relay.localAddress()); // STUN request 0x00 / response 0x01
        }
        for (int i = 50; i < 60; i++) {
            c.send(datagram(22, i, 100), relay.localAddress()); // DTLS handshake
        }
        Await.until(WAIT, () -> c.count() == 60, () -> "echoes " + c.count() + ", " + relay.stats());
        assertEquals(IntStream.range(0, 60).boxed().toList(), c.seqs());
        long slowest = c.arrivals().stream().mapToLong(RecordingSocket.Arrival::oneWayNanos).max().orElseThrow();
        assertTrue(slowest < 150_000_000L, "round trip " + slowest / 1e6 + " ms: not delayed like media");
        DirectionStats up = relay.stats().uplink();
        assertEquals(60, up.unimpaired());
        assertEquals(50, up.droppedLoss());
        assertTrue(server.seqs().stream().allMatch(s -> s < 1000), "no media reached the server");

        relay.setProfile(Direction.UPLINK, loseAllMedia.withScope(Scope.ALL));
        for (int i = 0; i < 10; i++) {
            c.send(datagram(0x00, 100 + i, 100), relay.localAddress());
        }
        Await.until(WAIT, () -> relay.stats().uplink().droppedLoss() == 60, relay::stats);
        assertEquals(60, c.count(), "with scope ALL, STUN is lost too");
    }

    @Test
    void aClientProfileImpairsOnlyThatClient() throws Exception {
        UdpImpairmentRelay relay = start(relayTo(server));
        RecordingSocket alice = client("alice");
        RecordingSocket bob = client("bob");
        relay.setClientProfile(Direction.UPLINK, alice.address(), ImpairmentProfile.NONE.withLossPercent(100));
        for (int i = 0; i < 20; i++) {
            alice.send(datagram(RTP, i, 100), relay.localAddress());
            bob.send(datagram(RTP, i, 100), relay.localAddress());
        }
        Await.until(WAIT, () -> bob.count() == 20 && relay.stats().uplink().droppedLoss() == 20, relay::stats);
        assertEquals(0, alice.count());

        relay.clearClientProfile(Direction.UPLINK, alice.address());
        alice.send(datagram(RTP, 20, 100), relay.localAddress());
        Await.until(WAIT, () -> alice.count() == 1, relay::stats);
    }

    @Test
    void anIdleMappingIsClosedAndTheNextPacketGetsANewOne() throws Exception {
        UdpImpairmentRelay relay = start(relayTo(server).idleTimeout(Duration.ofMillis(200)));
        RecordingSocket c = client("idle");
        c.send(datagram(RTP, 0, 100), relay.localAddress());
        Await.until(WAIT, () -> c.count() == 1, relay::stats);
        assertEquals(1, relay.stats().activeMappings());
        Await.until(WAIT, () -> relay.stats().activeMappings() == 0, relay::stats);
        assertFalse(relay.upstreamAddressOf(c.address()).isPresent());
        c.send(datagram(RTP, 1, 100), relay.localAddress());
        Await.until(WAIT, () -> c.count() == 2, relay::stats);
        RelayStats s = relay.stats();
        assertEquals(2, s.mappingsOpened());
        assertEquals(1, s.mappingsExpired());
    }

    @Test
    void closeStopsEveryThreadAndFreesThePorts() throws Exception {
        UdpImpairmentRelay relay = start(relayTo(server).name("closing").uplink(ImpairmentProfile.NONE.withDelayMs(500)));
        RecordingSocket c = client("closer");
        c.send(datagram(0x00, 0, 100), relay.localAddress());
        Await.until(WAIT, () -> c.count() == 1, relay::stats);
        c.send(datagram(RTP, 1, 100), relay.localAddress()); // still pending at close
        Await.until(WAIT, () -> relay.pendingPackets() == 1, relay::stats);
        String prefix = UdpImpairmentRelay.THREAD_NAME_PREFIX + "closing";
        assertEquals(2, threadsNamed(prefix).size(), "rx and tx threads while running");
        InetSocketAddress listen = relay.localAddress();
        InetSocketAddress upstream = relay.upstreamAddressOf(c.address()).orElseThrow();

        relay.close();

        assertEquals(List.of(), threadsNamed(prefix));
        assertEquals(List.of(), threadsNamed(UdpImpairmentRelay.THREAD_NAME_PREFIX));
        try (DatagramSocket a = new DatagramSocket(listen); DatagramSocket b = new DatagramSocket(upstream)) {
            assertEquals(listen, a.getLocalSocketAddress());
            assertEquals(upstream, b.getLocalSocketAddress());
        }
        relay.close(); // idempotent
    }

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith(prefix)).toList();
    }
}

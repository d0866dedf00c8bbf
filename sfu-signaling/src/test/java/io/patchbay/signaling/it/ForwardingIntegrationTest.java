package io.patchbay.signaling.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.load.peer.LocalSdp;
import io.patchbay.load.peer.MediaKind;
import io.patchbay.load.peer.MediaPattern;
import io.patchbay.load.peer.PublisherConnection;
import io.patchbay.load.peer.ReceivedStream;
import io.patchbay.load.peer.RemoteSdp;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.StreamCheck;
import io.patchbay.load.peer.TestPeer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server, started in this JVM, forwards a publisher's audio and video to two subscribers over real
 * ICE/DTLS/SRTP, driven by {@link TestPeer}s that share no code with it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ForwardingIntegrationTest {
    private static final String ROOM = "r1";
    private static final Duration CONNECT = Duration.ofSeconds(10);
    private static final Duration TICK = Duration.ofMillis(10);
    private static final int WINDOW = 200;

    private PatchbayServer server;
    private final List<TestPeer> peers = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        // Batched sends (the default), said explicitly: every test here runs the sendmmsg path end to end. Two media
        // threads and a fan-out spread from the first subscriber on: a room's second subscriber is protected and sent
        // for by the other thread (EgressLane), its first by the room's own, and both are checked the same way.
        server = PatchbayServer.start(PatchbayConfig.defaults().withMediaBatchedSends(true).withMediaThreads(2)
                .withMediaSpreadFromSubscribers(1).withHttpHost("127.0.0.1")
                .withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
    }

    @AfterEach
    void stopEverything() {
        for (TestPeer p : peers) {
            p.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** What the server offered a subscriber for the publisher's two tracks. */
    private record Offered(RemoteSdp offer, RemoteSdp.Section audio, RemoteSdp.Section video) {
        long audioSsrc() {
            return audio.ssrcs().get(0);
        }

        long videoSsrc() {
            return video.ssrcs().get(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SrtpProfile.class)
    void publisherMediaReachesTwoSubscribersUnchanged(SrtpProfile profile) throws Exception {
        TestPeer alice = peer("alice", profile);
        String aliceId = alice.join(ROOM);
        PublisherConnection pub = alice.publish(CONNECT);
        assertEquals(profile, pub.transport().srtpProfile(), "SRTP profile negotiated on the publisher connection");
        pub.sender().start(TICK);

        TestPeer bob = peer("bob", profile);
        TestPeer carol = peer("carol", profile);
        bob.join(ROOM);
        carol.join(ROOM);
        List<TestPeer> subscribers = List.of(bob, carol);
        List<Offered> offered = new ArrayList<>();
        for (TestPeer sub : subscribers) {
            Offered o = awaitTracksOf(sub, aliceId);
            awaitConnected(sub, sub.subscriber().transport());
            assertEquals(profile, sub.subscriber().transport().srtpProfile(), sub.name() + " SRTP profile");
            offered.add(o);
        }

        Await.until(Duration.ofSeconds(5), () -> pub.plis.get() >= 1,
                () -> "publisher got no PLI after subscribers joined: " + pub.counters());
        long plisOnSubscribe = pub.plis.get();

        for (int i = 0; i < subscribers.size(); i++) {
            TestPeer sub = subscribers.get(i);
            Offered o = offered.get(i);
            Await.until(Duration.ofSeconds(10), () -> size(sub, o.audioSsrc()) > 0 && size(sub, o.videoSsrc()) > 0,
                    () -> sub.name() + " receives nothing on the offered SSRCs " + o.audioSsrc() + "/" + o.videoSsrc()
                            + ": " + sub.subscriber().counters() + " " + sub.subscriber().transport().diagnostics()
                            + "\noffer:\n" + o.offer().text());
        }

        int audioStart = pub.sender().sent(MediaKind.AUDIO);
        int videoStart = pub.sender().sent(MediaKind.VIDEO);
        Await.until(Duration.ofSeconds(10), () -> pub.sender().sent(MediaKind.AUDIO) >= audioStart + WINDOW
                && pub.sender().sent(MediaKind.VIDEO) >= videoStart + WINDOW, pub::counters);
        for (int i = 0; i < subscribers.size(); i++) {
            TestPeer sub = subscribers.get(i);
            Offered o = offered.get(i);
            Await.within(Duration.ofSeconds(2), () -> lastIndex(sub, o.audioSsrc()) >= audioStart + WINDOW - 1
                    && lastIndex(sub, o.videoSsrc()) >= videoStart + WINDOW - 1);
        }

        // A subscriber's PLI reaches the publisher (after the ~300 ms throttle window has passed).
        Await.until(Duration.ofSeconds(3), () -> millisSinceLastPli(pub) >= 400, pub::counters);
        long plisBefore = pub.plis.get();
        bob.subscriber().sendPli(offered.get(0).videoSsrc());
        Await.until(Duration.ofSeconds(3), () -> pub.plis.get() > plisBefore,
                () -> "bob's PLI was not forwarded: " + pub.counters());

        // Sender Reports for every forwarded SSRC within ~3 s of its first packet; Receiver Reports to the publisher.
        for (int i = 0; i < subscribers.size(); i++) {
            TestPeer sub = subscribers.get(i);
            for (long ssrc : List.of(offered.get(i).audioSsrc(), offered.get(i).videoSsrc())) {
                ReceivedStream s = sub.subscriber().stream(ssrc);
                Duration left = Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(100),
                        s.firstPacketNanos() + TimeUnit.MILLISECONDS.toNanos(3500) - System.nanoTime()));
                Await.until(left, () -> s.senderReports() > 0,
                        () -> sub.name() + " got no SR for " + ssrc + ": " + sub.subscriber().counters());
            }
        }
        Await.until(Duration.ofSeconds(3), () -> pub.receiverReports.get() > 0,
                () -> "publisher got no RR: " + pub.counters());
        pub.sender().stop();

        List<Executable> checks = new ArrayList<>();
        StringBuilder figures = new StringBuilder("[" + profile + "] publisher: " + pub.counters()
                + " plisOnSubscribe=" + plisOnSubscribe + "\n");
        for (int i = 0; i < subscribers.size(); i++) {
            TestPeer sub = subscribers.get(i);
            Offered o = offered.get(i);
            for (MediaKind kind : MediaKind.values()) {
                RemoteSdp.Section section = kind == MediaKind.AUDIO ? o.audio() : o.video();
                long ssrc = section.ssrcs().get(0);
                int start = kind == MediaKind.AUDIO ? audioStart : videoStart;
                List<ReceivedStream.ReceivedPacket> packets = sub.subscriber().stream(ssrc).packets();
                StreamCheck.Report r = StreamCheck.check(packets, pub.sender().log(), expectation(alice, kind, section));
                int delivered = r.deliveredIn(start, start + WINDOW);
                figures.append(String.format("  %s %s ssrc=%d: delivered %d/%d, %s, latency %s%n", sub.name(), kind,
                        ssrc, delivered, WINDOW, r, latency(packets)));
                String what = sub.name() + " " + kind + ": " + r;
                checks.add(() -> assertEquals(0, r.foreignPackets(), what));
                checks.add(() -> assertEquals(0, r.payloadMismatches(), what));
                checks.add(() -> assertEquals(0, r.wrongPayloadType(), what));
                checks.add(() -> assertEquals(0, r.midMismatches(), what));
                checks.add(() -> assertEquals(0, r.audioLevelMismatches(), what));
                checks.add(() -> assertEquals(0, r.markerMismatches(), what));
                checks.add(() -> assertEquals(0, r.seqDeltaMismatches(), what));
                checks.add(() -> assertEquals(0, r.tsDeltaMismatches(), what));
                checks.add(() -> assertEquals(0, r.duplicates(), what));
                checks.add(() -> assertEquals(0, r.missingAbsSendTime(), what));
                checks.add(() -> assertEquals(0, r.missingTransportCc(), what));
                checks.add(() -> assertTrue(delivered >= WINDOW * 95 / 100, what + " delivered " + delivered));
                if (kind == MediaKind.VIDEO) {
                    // Forwarding must start at a frame start (VP8 descriptor S bit), here always a keyframe. The
                    // server may send a few packets in the instant between its DTLS completion and ours; those are
                    // undecryptable here (rtpBeforeKeys), so then the first packet we can read may be mid-frame.
                    long beforeKeys = sub.subscriber().transport().rtpBeforeKeys.get();
                    int firstStart = 0;
                    while (firstStart < packets.size() && (packets.get(firstStart).payload()[0] & 0x10) == 0) firstStart++;
                    int allowed = beforeKeys == 0 ? 0 : 10;
                    int found = firstStart;
                    checks.add(() -> assertTrue(found <= allowed, what + ": first forwarded video packet is not the"
                            + " start of a frame (first frame start at " + found + ", " + beforeKeys
                            + " packets arrived before our SRTP keys)"));
                }
            }
            for (Long ssrc : sub.subscriber().streams().keySet()) {
                ReceivedStream s = sub.subscriber().stream(ssrc);
                checks.add(() -> assertTrue(s.size() == 0 || ssrc == o.audioSsrc() || ssrc == o.videoSsrc(),
                        sub.name() + " got RTP on an SSRC that was not offered: " + ssrc));
            }
            checks.add(() -> assertEquals(List.of(), sub.failures(), sub.name() + " peer failures"));
            checks.add(() -> assertEquals(List.of(), errors(sub), sub.name() + " signaling errors"));
        }
        System.out.print(figures);
        String scrape = scrapeMetrics();
        double spread = metric(scrape, "patchbay_media_spread_packets_total");
        // The delay the server added, per datagram a received one caused: a Prometheus histogram.
        double delayed = metric(scrape, "patchbay_media_forward_delay_seconds_count");
        double withinOneSecond = metric(scrape, "patchbay_media_forward_delay_seconds_bucket{le=\"1.0\"}");
        scrape.lines().filter(l -> l.startsWith("patchbay_media_forward_delay_seconds")).forEach(System.out::println);
        checks.add(() -> assertTrue(delayed >= 4 * WINDOW, "forwarded datagrams counted in the delay histogram: "
                + delayed));
        checks.add(() -> assertTrue(withinOneSecond >= delayed * 0.99 && withinOneSecond <= delayed,
                "cumulative buckets: " + withinOneSecond + " of " + delayed + " within 1 s"));
        checks.add(() -> assertTrue(spread >= 2 * WINDOW, "carol's media went through the other media thread: "
                + spread + " packets spread"));

        // The publisher never gets its own media back: not on the publisher connection, not on its subscriber one.
        checks.add(() -> assertEquals(0, pub.echoedRtp.get(), "RTP echoed on the publisher connection"));
        checks.add(() -> assertTrue(alice.subscriber().offers().stream().flatMap(x -> x.activeSections().stream())
                .noneMatch(s -> aliceId.equals(s.msidStream())), "alice was offered her own tracks"));
        checks.add(() -> assertTrue(alice.subscriber().streams().values().stream()
                .flatMap(s -> s.packets().stream())
                .noneMatch(p -> isFrom(p, alice)), "alice received her own media"));
        checks.add(() -> assertEquals(List.of(), alice.failures(), "alice peer failures"));
        checks.add(() -> assertEquals(List.of(), errors(alice), "alice signaling errors"));
        assertAll(checks);
    }

    @Test
    void publisherWithoutTransportCcGetsRembFromTheUplinkEstimate() throws Exception {
        TestPeer alice = peer("alice", SrtpProfile.AEAD_AES_128_GCM);
        alice.join(ROOM);
        PublisherConnection pub = alice.publish(CONNECT, false);
        pub.sender().start(TICK);
        // Alone in the room: no subscriber estimate exists, so any REMB comes from the receive-side estimate.
        Await.until(Duration.ofSeconds(8), () -> pub.rembs.get() >= 2,
                () -> "no REMB for a REMB-only publisher: " + pub.counters() + " remb=" + pub.lastRembBps);
        long bps = pub.lastRembBps;
        System.out.printf("REMB-only publisher: %d REMB received, last %d kbps%n", pub.rembs.get(), bps / 1000);
        assertTrue(bps >= 30_000 && bps <= 50_000_000, "REMB within the estimator's bounds: " + bps);
    }

    @Test
    void everyoneLeavingFreesTheRoomAndEveryBuffer() throws Exception {
        TestPeer alice = peer("alice", SrtpProfile.AEAD_AES_128_GCM);
        String aliceId = alice.join(ROOM);
        PublisherConnection pub = alice.publish(CONNECT);
        pub.sender().start(TICK);
        TestPeer bob = peer("bob", SrtpProfile.AEAD_AES_128_GCM);
        bob.join(ROOM);
        Offered o = awaitTracksOf(bob, aliceId);
        awaitConnected(bob, bob.subscriber().transport());
        Await.until(Duration.ofSeconds(10), () -> size(bob, o.videoSsrc()) > 50,
                () -> "bob receives nothing: " + bob.subscriber().counters());
        // Carol is the room's second subscriber: the other media thread sends for her, and her transport's closing
        // (its SRTP session closed on that thread, between two of its packets) must leave nothing behind either.
        TestPeer carol = peer("carol", SrtpProfile.AEAD_AES_128_GCM);
        carol.join(ROOM);
        Offered oc = awaitTracksOf(carol, aliceId);
        awaitConnected(carol, carol.subscriber().transport());
        Await.until(Duration.ofSeconds(10), () -> size(carol, oc.videoSsrc()) > 50,
                () -> "carol receives nothing: " + carol.subscriber().counters());
        String during = scrapeMetrics();
        assertEquals(1.0, metric(during, "patchbay_rooms"));
        assertEquals(3.0, metric(during, "patchbay_participants"));
        assertTrue(metric(during, "patchbay_media_spread_packets_total") > 50, "carol's media went through a lane");
        // Bob's media left the server in batches, one sendmmsg each (compared once nothing is sent any more: a scrape
        // while media flows may read one counter just before a batch and the other just after it).
        assertTrue(metric(during, "patchbay_media_send_batches_total") > 0, "no batched sends");

        carol.close(); // while media flows: the lane may still hold her packets
        pub.sender().stop();
        alice.close();
        bob.close();
        Await.until(Duration.ofSeconds(5), () -> {
            String m = scrapeMetrics();
            return metric(m, "patchbay_rooms") == 0 && metric(m, "patchbay_participants") == 0
                    && metric(m, "patchbay_media_buffers_in_use") == 0;
        }, () -> "room, participants or buffers left behind:\n" + scrapeMetricsQuietly());
        String after = scrapeMetrics();
        double batches = metric(after, "patchbay_media_send_batches_total");
        double datagrams = metric(after, "patchbay_media_send_batched_datagrams_total");
        assertTrue(datagrams >= batches, "batches with no datagram: " + batches + " batches, " + datagrams + " datagrams");
    }

    private static double metric(String scrape, String name) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
        }
        throw new AssertionError("metric " + name + " missing");
    }

    private String scrapeMetricsQuietly() {
        return scrapeMetrics().lines().filter(l -> l.startsWith("patchbay_")).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void garbageDatagramsDoNotDisturbAnEstablishedCall() throws Exception {
        SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        TestPeer alice = peer("alice", profile);
        String aliceId = alice.join(ROOM);
        PublisherConnection pub = alice.publish(CONNECT);
        pub.sender().start(TICK);
        TestPeer bob = peer("bob", profile);
        bob.join(ROOM);
        Offered o = awaitTracksOf(bob, aliceId);
        awaitConnected(bob, bob.subscriber().transport());
        Await.until(Duration.ofSeconds(10), () -> size(bob, o.audioSsrc()) > 0 && size(bob, o.videoSsrc()) > 0,
                () -> "bob receives nothing: " + bob.subscriber().transport().diagnostics());

        InetSocketAddress media = pub.transport().remoteAddress();
        assertNotNull(media);
        double droppedBefore = droppedTotal(scrapeMetrics());
        Random random = new Random(20240601);
        try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            // Random bytes with every first-byte class of RFC 7983 (STUN, ZRTP, DTLS, TURN channel, RTP/RTCP, other).
            for (int first = 0; first < 256; first += 3) {
                byte[] b = new byte[1 + random.nextInt(300)];
                random.nextBytes(b);
                b[0] = (byte) first;
                send(stranger, media, b);
            }
            // A truncated STUN header (10 of 20 bytes).
            send(stranger, media, new byte[] {0x00, 0x01, 0x00, 0x08, 0x21, 0x12, (byte) 0xA4, 0x42, 0x01, 0x02});
            // A well-formed Binding request for a ufrag nobody owns, without integrity.
            send(stranger, media, stunRequest("nobody:stranger"));
            // A STUN header whose length field claims more than the datagram holds.
            send(stranger, media, stunHeader(0x0001, 400));
            // A DTLS 1.2 handshake record (ClientHello header) from an address no transport knows.
            send(stranger, media, dtlsRecord(22, random, 120));
            // RTP and RTCP from an address that never did ICE or DTLS.
            send(stranger, media, rtpHeaderPlus(0x6F, 1234, random, 100));
            send(stranger, media, rtpHeaderPlus(0xC9, 0, random, 24));
            send(stranger, media, new byte[] {(byte) 0x80});
        }
        // Datagrams from unknown sources may be dropped before the media code sees them (ice4j's shared-port
        // harvester only admits sources that did ICE); record whether they were counted, for the report.
        Await.within(Duration.ofMillis(500), () -> droppedTotal(scrapeMetrics()) > droppedBefore);
        double droppedAfterStrangers = droppedTotal(scrapeMetrics());
        // From the publisher's own, established address: forged SRTP/SRTCP (bad auth), malformed RTP and STUN.
        for (int i = 0; i < 20; i++) {
            pub.transport().sendRaw(rtpHeaderPlus(LocalSdp.PT_OPUS, pub.audioSsrc(), random, 120));
            pub.transport().sendRaw(rtpHeaderPlus(LocalSdp.PT_VP8, pub.videoSsrc(), random, 300));
        }
        pub.transport().sendRaw(rtpHeaderPlus(0xC8, pub.audioSsrc(), random, 40));
        pub.transport().sendRaw(new byte[] {(byte) 0x90, 0x6F, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xBE, (byte) 0xDE,
            0x7F, 0x7F});
        pub.transport().sendRaw(stunHeader(0x0001, 0));
        pub.transport().sendRaw(dtlsRecord(23, random, 60));
        // And from the subscriber's address: an RTP packet it should never send, with a bad tag.
        bob.subscriber().transport().sendRaw(rtpHeaderPlus(LocalSdp.PT_OPUS, 4242, random, 80));

        int audioAfter = size(bob, o.audioSsrc());
        int videoAfter = size(bob, o.videoSsrc());
        Await.until(Duration.ofSeconds(3), () -> size(bob, o.audioSsrc()) >= audioAfter + 100
                        && size(bob, o.videoSsrc()) >= videoAfter + 100,
                () -> "media stopped after garbage: " + bob.subscriber().counters() + " "
                        + bob.subscriber().transport().diagnostics() + " publisher " + pub.counters() + " "
                        + pub.transport().diagnostics());
        String[] metrics = new String[1];
        Await.until(Duration.ofSeconds(3), () -> {
            metrics[0] = scrapeMetrics();
            return droppedTotal(metrics[0]) > droppedBefore;
        }, () -> "dropped counter did not grow from " + droppedBefore + ":\n" + droppedLines(metrics[0]));
        pub.sender().stop();

        StringBuilder figures = new StringBuilder("[garbage] dropped before=" + droppedBefore
                + " after unknown-source garbage=" + droppedAfterStrangers + " after known-source garbage="
                + droppedTotal(metrics[0]) + "\n" + droppedLines(metrics[0]) + "\n");
        List<Executable> checks = new ArrayList<>();
        for (MediaKind kind : MediaKind.values()) {
            RemoteSdp.Section section = kind == MediaKind.AUDIO ? o.audio() : o.video();
            StreamCheck.Report r = StreamCheck.check(bob.subscriber().stream(section.ssrcs().get(0)).packets(),
                    pub.sender().log(), expectation(alice, kind, section));
            figures.append("  bob ").append(kind).append(": ").append(r).append('\n');
            checks.add(() -> assertEquals(0, r.foreignPackets() + r.payloadMismatches() + r.seqDeltaMismatches()
                    + r.tsDeltaMismatches() + r.duplicates(), "bob " + kind + ": " + r));
        }
        figures.append("  bob transport: ").append(bob.subscriber().transport().diagnostics()).append('\n');
        figures.append("  alice transport: ").append(pub.transport().diagnostics()).append('\n');
        System.out.print(figures);
        checks.add(() -> assertTrue(bob.subscriber().transport().diagnostics().contains("rtpFailures={}"),
                "bob had SRTP failures (garbage forwarded?): " + bob.subscriber().transport().diagnostics()));
        checks.add(() -> assertEquals(List.of(), errors(alice), "alice signaling errors"));
        checks.add(() -> assertEquals(List.of(), errors(bob), "bob signaling errors"));
        assertAll(checks);
    }

    // ---- helpers ----

    /** Waits for ICE+DTLS, failing with the transport's counters and any signaling error the server sent. */
    private static void awaitConnected(TestPeer peer, io.patchbay.load.peer.PeerTransport transport)
            throws Exception {
        try {
            transport.awaitConnected(CONNECT);
        } catch (java.util.concurrent.TimeoutException | IllegalStateException e) {
            throw new AssertionError(e.getMessage() + "\nsignaling errors: " + errors(peer), e);
        }
    }

    private TestPeer peer(String name, SrtpProfile profile) throws Exception {
        TestPeer p = TestPeer.connect(server.httpPort(), name, List.of(profile));
        peers.add(p);
        return p;
    }

    /** Waits for a subscriber offer whose active m-sections are the publisher's audio and video, and checks it. */
    private static Offered awaitTracksOf(TestPeer sub, String publisherId) throws Exception {
        RemoteSdp offer = sub.subscriber().awaitOffer(o -> {
            long audio = o.activeSections().stream()
                    .filter(s -> s.kind().equals("audio") && publisherId.equals(s.msidStream())).count();
            long video = o.activeSections().stream()
                    .filter(s -> s.kind().equals("video") && publisherId.equals(s.msidStream())).count();
            return audio == 1 && video == 1;
        }, CONNECT);
        Await.until(Duration.ofSeconds(5), () -> sub.subscriber().answers().size() >= sub.subscriber().offers().size(),
                () -> sub.name() + " did not answer");
        RemoteSdp.Section audio = offer.activeSections().stream().filter(s -> s.kind().equals("audio")).findFirst()
                .orElseThrow();
        RemoteSdp.Section video = offer.activeSections().stream().filter(s -> s.kind().equals("video")).findFirst()
                .orElseThrow();
        String sdp = "\n" + offer.text();
        assertAll(
                () -> assertEquals(2, offer.activeSections().size(), "active m-sections" + sdp),
                () -> assertEquals(1, audio.ssrcs().size(), "audio a=ssrc" + sdp),
                () -> assertEquals(2, video.ssrcs().size(), "video a=ssrc: media and RTX (FID)" + sdp),
                () -> assertEquals(97, video.payloadTypeOf("rtx"), "RTX PT for VP8" + sdp),
                () -> assertEquals(111, audio.payloadTypeOf("opus"), "opus PT" + sdp),
                () -> assertEquals(96, video.payloadTypeOf("VP8"), "VP8 PT" + sdp),
                () -> assertEquals(4, audio.extmapId(LocalSdp.URI_MID), "audio mid extmap" + sdp),
                () -> assertEquals(4, video.extmapId(LocalSdp.URI_MID), "video mid extmap" + sdp),
                () -> assertEquals(1, audio.extmapId(LocalSdp.URI_AUDIO_LEVEL), "audio-level extmap" + sdp),
                () -> assertTrue(audio.direction().equals("sendonly"), "audio direction" + sdp),
                () -> assertTrue(video.direction().equals("sendonly"), "video direction" + sdp),
                () -> assertTrue(offer.bundle().contains(audio.mid()) && offer.bundle().contains(video.mid()),
                        "BUNDLE" + sdp),
                () -> assertNotNull(offer.fingerprint(), "fingerprint" + sdp));
        return new Offered(offer, audio, video);
    }

    private static StreamCheck.Expectation expectation(TestPeer publisher, MediaKind kind, RemoteSdp.Section s) {
        return new StreamCheck.Expectation(kind, publisher.publisherTag(),
                kind == MediaKind.AUDIO ? s.payloadTypeOf("opus") : s.payloadTypeOf("VP8"),
                s.extmapId(LocalSdp.URI_MID), s.mid(),
                kind == MediaKind.AUDIO ? s.extmapId(LocalSdp.URI_AUDIO_LEVEL) : -1,
                s.extmapId(LocalSdp.URI_ABS_SEND_TIME), s.extmapId(LocalSdp.URI_TRANSPORT_CC));
    }

    private static int size(TestPeer sub, long ssrc) {
        ReceivedStream s = sub.subscriber().stream(ssrc);
        return s == null ? 0 : s.size();
    }

    private static int lastIndex(TestPeer sub, long ssrc) {
        ReceivedStream s = sub.subscriber().stream(ssrc);
        ReceivedStream.ReceivedPacket p = s == null ? null : s.last();
        MediaPattern m = p == null ? null : MediaPattern.read(p.payload());
        return m == null ? -1 : m.index();
    }

    private static boolean isFrom(ReceivedStream.ReceivedPacket p, TestPeer publisher) {
        MediaPattern m = MediaPattern.read(p.payload());
        return m != null && m.publisherTag() == publisher.publisherTag();
    }

    private static long millisSinceLastPli(PublisherConnection pub) {
        List<Long> times = pub.pliTimesNanos;
        return times.isEmpty() ? Long.MAX_VALUE
                : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - times.get(times.size() - 1));
    }

    private static String latency(List<ReceivedStream.ReceivedPacket> packets) {
        List<Long> micros = new ArrayList<>();
        for (ReceivedStream.ReceivedPacket p : packets) {
            MediaPattern m = MediaPattern.read(p.payload());
            if (m != null) {
                micros.add(TimeUnit.NANOSECONDS.toMicros(p.arrivalNanos() - m.sendNanos()));
            }
        }
        if (micros.isEmpty()) {
            return "n/a";
        }
        micros.sort(null);
        return "p50=" + micros.get(micros.size() / 2) + "us p99=" + micros.get(micros.size() * 99 / 100)
                + "us max=" + micros.get(micros.size() - 1) + "us";
    }

    private static List<JsonNode> errors(TestPeer peer) {
        return peer.signaling().history().stream().filter(m -> m.path("type").asText().equals("error")).toList();
    }

    private String scrapeMetrics() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (Exception e) {
            return "";
        }
    }

    private static String droppedLines(String metrics) {
        if (metrics == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("patchbay_media_packets_dropped_total")) {
                sb.append("    ").append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private static double droppedTotal(String metrics) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("patchbay_media_packets_dropped_total")) {
                String[] parts = line.trim().split(" ");
                try {
                    total += Double.parseDouble(parts[parts.length - 1]);
                } catch (NumberFormatException ignored) {
                    // not a sample line
                }
            }
        }
        return total;
    }

    private static void send(DatagramSocket socket, InetSocketAddress to, byte[] data) throws Exception {
        socket.send(new DatagramPacket(data, data.length, to));
    }

    private static byte[] stunHeader(int type, int declaredLength) {
        return ByteBuffer.allocate(20).putShort((short) type).putShort((short) declaredLength).putInt(0x2112A442)
                .putLong(0x0102030405060708L).putInt(0x090A0B0C).array();
    }

    private static byte[] stunRequest(String username) {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        int padded = (user.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(20 + 4 + padded);
        b.putShort((short) 0x0001).putShort((short) (4 + padded)).putInt(0x2112A442).putLong(42).putInt(43);
        b.putShort((short) 0x0006).putShort((short) user.length).put(user);
        return b.array();
    }

    /** A DTLS 1.2 record header (content type, version FEFD, epoch 0, sequence 0) plus random bytes. */
    private static byte[] dtlsRecord(int contentType, Random random, int bodyLength) {
        byte[] body = new byte[bodyLength];
        random.nextBytes(body);
        body[0] = 1; // handshake type client_hello, if it is a handshake record
        return ByteBuffer.allocate(13 + bodyLength).put((byte) contentType).putShort((short) 0xFEFD)
                .putShort((short) 0).putShort((short) 0).putInt(0).putShort((short) bodyLength).put(body).array();
    }

    /** An RTP-looking header (V=2, given second byte, SSRC) followed by random bytes (a wrong SRTP tag). */
    private static byte[] rtpHeaderPlus(int secondByte, long ssrc, Random random, int bodyLength) {
        byte[] body = new byte[bodyLength];
        random.nextBytes(body);
        return ByteBuffer.allocate(12 + bodyLength).put((byte) 0x80).put((byte) secondByte)
                .putShort((short) random.nextInt(0x10000)).putInt(random.nextInt()).putInt((int) ssrc).put(body).array();
    }
}

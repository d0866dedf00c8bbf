package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.media.DropReason;
import io.patchbay.media.MediaLimits;
import io.patchbay.media.MediaStats;
import io.patchbay.media.dtls.DtlsExecutor;
import io.patchbay.media.transport.WebRtcTransport;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.room.SessionTimeouts;
import io.patchbay.signaling.support.Metrics;
import io.patchbay.signaling.support.RawWebSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10's abuse suite: while two Chromium pages are in a call, each attack runs in turn, and for each the call's
 * decoded frame rate stays within 10% of what it was just before, the server's JVM retains less than 150 MB more,
 * {@code /health} answers within 1 s throughout, and the attacker gets its error or is cut off. (Token edge cases are
 * refused before a client holds anything: AccessControlTest.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AbuseBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
    /**
     * A publisher budget of 500 packets/s (the pages send ~200): what the budget lets through of a flood reaches the
     * pages, which decode it on the same 2 cores as everything else, so the default's 2,500 would measure this
     * machine's CPU rather than the server's isolation.
     */
    private static final MediaLimits MEDIA = new MediaLimits(500, 4_000_000L, 2_048,
            MediaLimits.DEFAULTS.dtlsHandshakeThreads(), MediaLimits.DEFAULTS.dtlsHandshakesQueued());

    private PatchbayServer server;
    private DemoPage a;
    private DemoPage b;
    private String room;
    private CallUnderAttack call;
    private final List<TestPeer> peers = new ArrayList<>();

    @BeforeAll
    void startCall() throws Exception {
        HeadlessChromium.assertInstalled();
        TestPeer.warmUp(List.of(SrtpProfile.AEAD_AES_128_GCM));
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")), SessionTimeouts.DEFAULTS,
                SignalingLimits.DEFAULTS.withMedia(MEDIA));
        String base = "http://127.0.0.1:" + server.httpPort();
        room = "abuse-" + UUID.randomUUID().toString().substring(0, 8);
        a = DemoPage.open("a", base, room);
        b = DemoPage.open("b", base, room);
        DemoPage.JoinOutcome aJoin = a.joinAndAwaitMedia(0, JOIN_TIMEOUT);
        assertTrue(aJoin.ok(), "A did not join: " + aJoin.raw());
        DemoPage.JoinOutcome bJoin = b.joinAndAwaitMedia(1, JOIN_TIMEOUT);
        assertTrue(bJoin.ok(), "B did not join or decode A: " + bJoin.raw());
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        while (a.framesFrom(bJoin.participantId()) < 30 && System.nanoTime() < deadline) Thread.sleep(100);
        call = new CallUnderAttack(a, b, server.httpPort());
    }

    /** Each attack's peers leave with it (they would count against the connection limit of 127.0.0.1). */
    @AfterEach
    void closeAttackers() {
        peers.forEach(TestPeer::close);
        peers.clear();
    }

    @AfterAll
    void stop() {
        peers.forEach(TestPeer::close);
        if (a != null) a.close();
        if (b != null) b.close();
        if (server != null) server.close();
    }

    @Test
    @Order(1)
    void decompressionBomb() throws Exception {
        byte[] bomb = RawWebSocket.deflatedZeros(50 * 1024 * 1024);
        assertUnharmed(call.measure("decompression bomb (4 sockets, 50 MB each inflated)", () -> {
            int cut = 0;
            for (int i = 0; i < 4; i++) {
                try (RawWebSocket s = new RawWebSocket(server.httpPort())) {
                    s.sendText(bomb, true);
                    if (s.closedOrCloseFrame(5_000)) cut++;
                }
            }
            assertEquals(4, cut, "bomb sockets closed by the server");
            return cut + " of 4 sockets closed";
        }));
    }

    @Test
    @Order(2)
    void socketsThatFloodAndNeverRead() throws Exception {
        assertUnharmed(call.measure("20 sockets flooding small frames without reading", () -> {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) sockets.add(upgradedSocket());
                boolean[] cut = new boolean[sockets.size()];
                byte[] frame = maskedText("{\"type\":\"get-stats\"}");
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
                int remaining = sockets.size();
                while (remaining > 0 && System.nanoTime() < end) {
                    for (int i = 0; i < sockets.size(); i++) {
                        if (cut[i]) continue;
                        try {
                            OutputStream out = sockets.get(i).getOutputStream();
                            for (int k = 0; k < 50; k++) out.write(frame);
                            out.flush();
                        } catch (IOException e) {
                            cut[i] = true; // the server closed it
                            remaining--;
                        }
                    }
                    Thread.sleep(5);
                }
                assertEquals(0, remaining, "sockets still open after 8 s of flooding");
                return "all 20 cut";
            } finally {
                for (Socket s : sockets) s.close();
            }
        }));
    }

    @Test
    @Order(3)
    void hostnameAndExcessCandidates() throws Exception {
        TestPeer mallory = publishingPeer("mallory-candidates");
        assertUnharmed(call.measure("name candidates and 41 more than the limit", () -> {
            double refused0 = candidatesRefused();
            int mark = mallory.signaling().mark();
            List<String> names = List.of("bad.de", "999.1.1.1", "example.com", "localhost");
            for (String name : names) trickle(mallory, "candidate:1 1 udp 2122260223 " + name + " 5000 typ host");
            int valid = 72;
            for (int i = 0; i < valid; i++) {
                trickle(mallory, "candidate:" + (100 + i) + " 1 udp 2122260223 127.0.0.1 " + (20000 + i) + " typ host");
            }
            // The peer's own host candidate, trickled when it published, was the first of the connection's limit.
            int refused = valid - (WebRtcTransport.MAX_REMOTE_CANDIDATES - 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (candidatesRefused() - refused0 < refused && System.nanoTime() < deadline) Thread.sleep(50);
            List<JsonNode> history = mallory.signaling().history();
            List<String> codes = history.subList(mark, history.size()).stream()
                    .filter(m -> m.path("type").asText().equals("error")).map(m -> m.path("code").asText()).toList();
            long bad = codes.stream().filter("bad-candidate"::equals).count();
            long tooMany = codes.stream().filter("too-many-candidates"::equals).count();
            double counted = candidatesRefused() - refused0;
            assertEquals(refused, counted, "candidates refused over the limit (metric)");
            assertEquals(names.size(), bad, "bad-candidate errors: " + codes);
            // Error replies have a bucket of their own: the first ones are answered, the rest only counted.
            assertTrue(tooMany >= 1 && tooMany <= refused, "too-many-candidates errors: " + codes);
            return (long) counted + " refused over the limit; the client got " + bad + " bad-candidate, " + tooMany
                    + " too-many-candidates";
        }));
    }

    private double candidatesRefused() throws IOException {
        return Metrics.value(Metrics.scrape(server.httpPort()), "patchbay_ice_candidates_refused_total");
    }

    @Test
    @Order(4)
    void publisherFloodingPackets() throws Exception {
        TestPeer mallory = publishingPeer("mallory-flood");
        MediaStats stats = server.media().stats();
        assertUnharmed(call.measure("a publisher flooding 5,000 small packets/s for 5 s", () -> {
            long dropped0 = stats.droppedCount(DropReason.OVER_RATE_BUDGET);
            long atB0 = videoPacketsFrom(b, mallory.participantId());
            long sent = mallory.publisher().sender().flood(Duration.ofSeconds(5), 5_000, 40);
            Thread.sleep(500); // what was let through arrives
            long dropped = stats.droppedCount(DropReason.OVER_RATE_BUDGET) - dropped0;
            long atB = videoPacketsFrom(b, mallory.participantId()) - atB0;
            // The window at the budget's rate, one second of burst, half a second of slack at the edges.
            long allowed = (long) (MEDIA.packetsPerSecond() * 6.5);
            assertTrue(sent > 2 * allowed, "the flood was too small to test anything: " + sent);
            assertTrue(atB <= allowed, "b got " + atB + " of the flood, the budget lets " + allowed + " through");
            assertTrue(dropped > 0, "nothing dropped over budget");
            return sent + " sent, " + dropped + " dropped at the socket, " + atB + " reached b";
        }));
    }

    /** Video packets {@code page} received from {@code participantId} (its inbound-rtp stats). */
    private static long videoPacketsFrom(DemoPage page, String participantId) {
        Object n = page.browser().asyncScript("""
                const [id, done] = [arguments[0], arguments[arguments.length - 1]];
                window.patchbay.room.getStats().then((stats) => done(stats
                  .filter((s) => s.kind === 'video' && s.participantId === id)
                  .reduce((sum, s) => sum + (s.packetsReceived || 0), 0)), () => done(-1));
                """, participantId);
        return ((Number) n).longValue();
    }

    @Test
    @Order(5)
    void publisherChurningSsrcs() throws Exception {
        TestPeer mallory = publishingPeer("mallory-ssrcs");
        MediaStats stats = server.media().stats();
        assertUnharmed(call.measure("a publisher sending on 1,000 new SSRCs", () -> {
            long unknown0 = stats.droppedCount(DropReason.UNKNOWN_SSRC);
            long overBudget0 = stats.droppedCount(DropReason.OVER_RATE_BUDGET);
            mallory.publisher().sender().churnSsrcs(0x6000_0000L, 1_000);
            // Each packet is dropped at the socket (over the rate budget: they come in one burst) or, decrypted,
            // as an SSRC the SDP never named.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            long unknown;
            long overBudget;
            do {
                Thread.sleep(50);
                unknown = stats.droppedCount(DropReason.UNKNOWN_SSRC) - unknown0;
                overBudget = stats.droppedCount(DropReason.OVER_RATE_BUDGET) - overBudget0;
            } while (unknown + overBudget < 1_000 && System.nanoTime() < deadline);
            assertTrue(unknown + overBudget >= 1_000, unknown + " unknown, " + overBudget + " over budget");
            long fromMallory = videoPacketsFrom(a, mallory.participantId());
            Thread.sleep(1_000);
            assertTrue(videoPacketsFrom(a, mallory.participantId()) > fromMallory, "mallory's own video stopped");
            return unknown + " dropped as unknown SSRCs, " + overBudget + " over budget; its own video flows";
        }));
    }

    @Test
    @Order(6)
    void forgedCrossOriginPost() throws Exception {
        assertUnharmed(call.measure("a web page's forged cross-origin POST", () -> {
            HttpClient http = HttpClient.newHttpClient();
            String api = "http://127.0.0.1:" + server.httpPort() + "/api/v1/rooms";
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(api))
                    .header("Content-Type", "text/plain").header("Origin", "http://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + room + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(415, post.statusCode(), "a simple (CORS-free) POST: " + post.body());
            assertTrue(post.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS headers");
            return "POST " + post.statusCode();
        }));
    }

    @Test
    @Order(7)
    void abandonedDtlsHandshakes() throws Exception {
        DtlsExecutor dtls = server.media().dtlsExecutor();
        int attackers = 40;
        int threadsAtMost = MediaLimits.DEFAULTS.dtlsHandshakeThreads();
        assertUnharmed(call.measure(attackers + " clients abandoning their DTLS handshake at the ClientHello", () -> {
            List<TestPeer> abandoning = new ArrayList<>();
            int peakThreads = 0;
            int peakQueued = 0;
            try {
                for (int i = 0; i < attackers; i++) {
                    TestPeer p = TestPeer.connect(server.httpPort(), "abandon-" + i, List.of(SrtpProfile.AEAD_AES_128_GCM));
                    abandoning.add(p);
                    p.join(room + "-abandoned-" + i);
                    p.publishAndAbandonDtls(Duration.ofSeconds(10));
                    peakThreads = Math.max(peakThreads, dtls.threads());
                    peakQueued = Math.max(peakQueued, dtls.queued());
                }
                for (int i = 0; i < 20; i++) { // they keep retransmitting their ClientHello for a while
                    peakThreads = Math.max(peakThreads, dtls.threads());
                    peakQueued = Math.max(peakQueued, dtls.queued());
                    Thread.sleep(50);
                }
            } finally {
                abandoning.forEach(TestPeer::close);
            }
            long closedAt = System.nanoTime();
            while (dtls.threads() > 0 && System.nanoTime() - closedAt < TimeUnit.SECONDS.toNanos(10)) Thread.sleep(20);
            long backMs = (System.nanoTime() - closedAt) / 1_000_000;
            int peak = peakThreads;
            int queued = peakQueued;
            assertAll(
                    () -> assertTrue(peak <= threadsAtMost, peak + " DTLS threads at once"),
                    () -> assertTrue(queued > 0, "the attack never filled the handshake threads"),
                    () -> assertEquals(0, dtls.threads(), "DTLS threads left " + backMs + " ms after the attackers left"),
                    () -> assertTrue(backMs <= 5_000, "DTLS threads took " + backMs + " ms to go"));
            return "at most " + peak + " DTLS threads and " + queued + " handshakes waiting; none left "
                    + backMs + " ms after they closed";
        }));
    }

    private void assertUnharmed(CallUnderAttack.Figures f) {
        System.out.println(f);
        assertAll(f.attack(),
                () -> assertTrue(f.fpsDuring() >= 0.9 * f.fpsBefore(), "the call's frame rate fell: " + f),
                () -> assertTrue(f.retainedGrowthMb() < 150, "the server retained " + f.retainedGrowthMb() + " MB more"),
                () -> assertTrue(f.healthMaxMs() < 1_000 && f.healthFailures() == 0, "/health: " + f));
    }

    private TestPeer publishingPeer(String name) throws Exception {
        TestPeer p = TestPeer.connect(server.httpPort(), name, List.of(SrtpProfile.AEAD_AES_128_GCM));
        peers.add(p);
        p.join(room);
        p.publish(Duration.ofSeconds(10)).sender().start(Duration.ofMillis(10));
        return p;
    }

    private static void trickle(TestPeer peer, String candidate) throws Exception {
        ObjectNode m = JSON.createObjectNode().put("type", "candidate").put("pc", "publisher");
        m.putObject("candidate").put("candidate", candidate).put("sdpMid", "0");
        peer.signaling().send(m);
    }

    /** A TCP connection upgraded to a WebSocket on /ws whose input is never read again. */
    private Socket upgradedSocket() throws IOException {
        Socket s = new Socket("127.0.0.1", server.httpPort());
        s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: cGF0Y2hiYXktZmxvb2QxNg==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    /** A masked client text frame (RFC 6455 section 5.2), payload under 126 bytes. */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        byte[] mask = {0x21, 0x32, 0x43, 0x54};
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        return frame;
    }
}

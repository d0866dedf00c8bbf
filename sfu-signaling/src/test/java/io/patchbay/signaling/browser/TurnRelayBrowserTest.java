package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.FreePorts;
import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TURN with a real coturn (Debian {@code coturn}) using a shared secret: the server mints per-participant credentials
 * in {@code joined.iceServers}; two Chromium pages with {@code iceTransportPolicy: "relay"} ({@code ?relay=1}) send
 * all their media through coturn to Patchbay and decode each other. Everything on 127.0.0.1; coturn is stopped by pid.
 */
class TurnRelayBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TURNSERVER = "/usr/bin/turnserver";
    private static final String SECRET = "patchbay-test-" + UUID.randomUUID();

    private Process coturn;
    private Path coturnDir;
    private PatchbayServer server;
    private HeadlessChromium a;
    private HeadlessChromium b;

    /** Selected candidate pair types of the publisher connection, and video frames decoded from the other page. */
    private static final String RELAY_STATE_JS = """
            const done = arguments[arguments.length - 1];
            const room = window.patchbay && window.patchbay.room;
            if (!room || !room.peerConnections.publisher) { done('{}'); return; }
            Promise.all([room.peerConnections.publisher.getStats(), room.getStats()]).then(([r, inbound]) => {
              // The transport's selected pair: a pair's own 'nominated' flag can be briefly unset (and was once
              // after 10 frames had been decoded through it).
              let local = null;
              r.forEach((s) => { if (s.type === 'transport' && s.selectedCandidatePairId) {
                const pair = r.get(s.selectedCandidatePairId);
                const c = pair && r.get(pair.localCandidateId); if (c) local = c.candidateType; } });
              const frames = inbound.filter((s) => s.kind === 'video').reduce((n, s) => n + (s.framesDecoded || 0), 0);
              const servers = window.patchbay.signals.filter((m) => m.message && m.message.type === 'joined')
                .map((m) => m.message.iceServers)[0] || null;
              done(JSON.stringify({ local, frames, servers }));
            }, (e) => done(JSON.stringify({ error: String(e) })));
            """;

    @BeforeAll
    static void installed() {
        HeadlessChromium.assertInstalled();
        assertTrue(new File(TURNSERVER).canExecute(),
                TURNSERVER + " is missing: apt-get install -y coturn (the test needs a real TURN server)");
    }

    @AfterEach
    void stop() throws Exception {
        if (a != null) a.close();
        if (b != null) b.close();
        if (server != null) server.close();
        if (coturn != null) {
            coturn.destroy();
            if (!coturn.waitFor(5, TimeUnit.SECONDS)) coturn.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void relayOnlyBrowsersReachEachOtherThroughCoturn() throws Exception {
        startServerWithTurn(3600);
        startPages();
        JsonNode[] states = awaitFrames(10);
        JsonNode sa = states[0];
        JsonNode sb = states[1];
        assertEquals("relay", sa.path("local").asText(), "a's media goes through its TURN relay candidate");
        assertEquals("relay", sb.path("local").asText(), "b's media goes through its TURN relay candidate");
        JsonNode turn = sa.path("servers").get(0);
        assertTrue(turn.path("username").asText().endsWith(":" + JSON.readTree((String) a.script(
                "return JSON.stringify({id: window.patchbay.room.participantId})")).path("id").asText()),
                "per-participant TURN username <expiry>:<participant id>: " + turn);
    }

    /**
     * Credentials of 10 s: the server sends fresh ones every 5 s (half their lifetime), and each relayed connection
     * moves its allocation onto them with an ICE restart while the call goes on (patchbay.js has at most one restart
     * in flight per connection, for 3 s, so 5 s apart each renewal gets its own). A kicked participant gets none:
     * its last credentials work until their expiry, and coturn refuses them after it.
     */
    @Test
    void credentialsAreRenewedDuringTheCallAndAKickedParticipantsRunOut() throws Exception {
        long ttlSeconds = 10;
        startServerWithTurn(ttlSeconds);
        String room = startPages();
        awaitFrames(10);
        long framesBefore = JSON.readTree((String) a.asyncScript(RELAY_STATE_JS)).path("frames").asLong();
        // Past one lifetime of the first credentials, with two renewals.
        Thread.sleep((ttlSeconds + 5) * 1000);
        JsonNode renewals = JSON.readTree((String) a.script("""
                const room = window.patchbay.room;
                return JSON.stringify({
                  servers: room.lifecycle.filter((e) => e.event === 'ice-servers').length,
                  restarts: room.lifecycle.filter((e) => e.event === 'ice-restart' && e.reason === 'turn-credentials').length
                });"""));
        JsonNode after = JSON.readTree((String) a.asyncScript(RELAY_STATE_JS));
        System.out.printf("TURN renewals at a: %s; after %d s: %s (frames before %d)%n", renewals, ttlSeconds + 5,
                after, framesBefore);
        assertTrue(renewals.path("servers").asInt() >= 2, "fresh credentials received: " + renewals);
        assertTrue(renewals.path("restarts").asInt() >= 2, "relayed connections moved to them: " + renewals);
        assertEquals("relay", after.path("local").asText(), "still relayed: " + after);
        assertTrue(after.path("frames").asLong() > framesBefore + 100, "a kept decoding b: " + after);

        String bId = participantId(b);
        // Kicked with credentials that have at least half their lifetime left (as many as just after a renewal),
        // so that trying them before their expiry is not a race with it.
        iceServersWithLifeLeft(b, ttlSeconds * 500);
        HttpResponse<String> kick = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.httpPort() + "/api/v1/rooms/" + room + "/participants/" + bId))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(kick.statusCode() / 100 == 2, "kick: " + kick.statusCode() + " " + kick.body());
        JsonNode kicked = lastIceServers(b);
        long expiry = Long.parseLong(kicked.path("username").asText().split(":")[0]);
        int relayNow = relayCandidates(b, kicked);
        long waitMs = expiry * 1000 - System.currentTimeMillis() + 2_000;
        Thread.sleep(Math.max(0, waitMs)); // past the kicked participant's last expiry
        int relayAfterExpiry = relayCandidates(b, kicked);
        int relayStillInRoom = relayCandidates(a, iceServersWithLifeLeft(a, ttlSeconds * 500));
        System.out.printf("kicked participant's TURN credentials: %d relay candidates before expiry, %d after; "
                + "a's renewed ones: %d%n", relayNow, relayAfterExpiry, relayStillInRoom);
        assertTrue(relayNow > 0, "the kicked participant's credentials worked before they expired");
        assertEquals(0, relayAfterExpiry, "coturn still allocates for a kicked participant after its credentials expired");
        assertTrue(relayStillInRoom > 0, "a participant still in the room has working credentials");
    }

    private void startServerWithTurn(long ttlSeconds) throws Exception {
        int turnPort = FreePorts.udp();
        startCoturn(turnPort);
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1"))
                .withTurn(new PatchbayConfig.TurnServer(List.of("turn:127.0.0.1:" + turnPort + "?transport=udp"),
                        SECRET, ttlSeconds)));
    }

    /** Two relay-only demo pages join a new room; returns its name. */
    private String startPages() throws IOException {
        String room = "turn-" + UUID.randomUUID().toString().substring(0, 6);
        a = HeadlessChromium.launch("turn-a");
        b = HeadlessChromium.launch("turn-b");
        for (HeadlessChromium page : List.of(a, b)) {
            page.driver().get("http://127.0.0.1:" + server.httpPort() + "/?room=" + room + "&name=" + page.label()
                    + "&autojoin=1&relay=1&simulcast=0");
        }
        return room;
    }

    /** Waits until both pages decoded more than {@code frames} video frames; returns their states. */
    private JsonNode[] awaitFrames(long frames) throws Exception {
        long deadline = System.nanoTime() + 40_000_000_000L;
        JsonNode sa = null;
        JsonNode sb = null;
        while (System.nanoTime() < deadline) {
            sa = JSON.readTree((String) a.asyncScript(RELAY_STATE_JS));
            sb = JSON.readTree((String) b.asyncScript(RELAY_STATE_JS));
            if (sa.path("frames").asLong() > frames && sb.path("frames").asLong() > frames
                    && sa.hasNonNull("local") && sb.hasNonNull("local")) {
                break;
            }
            Thread.sleep(250); // polling the pages
        }
        System.out.printf("through coturn: a %s, b %s; coturn log tail:%n%s%n", sa, sb, tail(coturnDir.resolve("turn.log")));
        if (sa == null || sa.path("frames").asLong() <= frames || sb.path("frames").asLong() <= frames) {
            fail("relay-only pages did not decode each other through coturn: a " + sa + ", b " + sb);
        }
        return new JsonNode[] {sa, sb};
    }

    private static String participantId(HeadlessChromium page) throws IOException {
        return JSON.readTree((String) page.script("return JSON.stringify({id: window.patchbay.room.participantId})"))
                .path("id").asText();
    }

    /** The TURN entry of the last ICE servers the page got (in `joined` or `ice-servers`). */
    private static JsonNode lastIceServers(HeadlessChromium page) throws IOException {
        JsonNode servers = JSON.readTree((String) page.script("""
                const got = window.patchbay.signals.filter((m) => m.direction === 'in' && m.message
                  && (m.message.type === 'joined' || m.message.type === 'ice-servers'));
                return JSON.stringify(got.length ? got[got.length - 1].message.iceServers : []);"""));
        for (JsonNode s : servers) {
            if (s.has("username")) return s;
        }
        throw new AssertionError("no TURN credentials in the page's last ICE servers: " + servers);
    }

    /**
     * The TURN entry of the page's last ICE servers once it has at least {@code leftMs} of its lifetime left (its
     * username is {@code <expiry>:<participant id>}): at once, or after the page got the next renewal.
     */
    private static JsonNode iceServersWithLifeLeft(HeadlessChromium page, long leftMs) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            JsonNode turn = lastIceServers(page);
            long left = Long.parseLong(turn.path("username").asText().split(":")[0]) * 1000
                    - System.currentTimeMillis();
            if (left >= leftMs) return turn;
            if (System.nanoTime() > deadline) {
                throw new AssertionError(page.label() + " got no TURN credentials with " + leftMs
                        + " ms of lifetime left; its last ones have " + left + " ms: " + turn);
            }
            Thread.sleep(100); // polling the page
        }
    }

    /** Relay candidates a fresh relay-only connection gathers in the page with {@code turn} as its only server. */
    private static int relayCandidates(HeadlessChromium page, JsonNode turn) throws IOException {
        String js = """
                const done = arguments[arguments.length - 1];
                const server = JSON.parse(arguments[0]);
                const pc = new RTCPeerConnection({ iceServers: [server], iceTransportPolicy: 'relay' });
                let relays = 0;
                pc.onicecandidate = (e) => {
                  if (e.candidate && e.candidate.type === 'relay') relays++;
                  if (!e.candidate) { pc.close(); done(relays); }
                };
                pc.createDataChannel('probe');
                pc.createOffer().then((o) => pc.setLocalDescription(o));
                setTimeout(() => { pc.close(); done(relays); }, 10000);
                """;
        return ((Number) page.asyncScript(js, JSON.writeValueAsString(turn))).intValue();
    }

    private void startCoturn(int port) throws IOException, InterruptedException {
        coturnDir = Files.createTempDirectory("coturn");
        ProcessBuilder pb = new ProcessBuilder(TURNSERVER, "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + port, "--realm=rtc.test", "--fingerprint", "--no-tls", "--no-dtls", "--no-cli",
                "--allow-loopback-peers", "--no-multicast-peers", "--min-port=49152", "--max-port=49300",
                "--simple-log", "--log-file=stdout", "--pidfile=" + coturnDir.resolve("turn.pid"),
                "--userdb=" + coturnDir.resolve("turn.sqlite"),
                "--use-auth-secret", "--static-auth-secret=" + SECRET);
        pb.redirectErrorStream(true).redirectOutput(coturnDir.resolve("turn.log").toFile());
        coturn = pb.start();
        // Ready when it answers a STUN Binding request (RFC 5389: type 0x0001, length 0, magic cookie, transaction id).
        byte[] request = new byte[20];
        request[1] = 0x01;
        request[4] = 0x21;
        request[5] = 0x12;
        request[6] = (byte) 0xA4;
        request[7] = 0x42;
        byte[] transactionId = new byte[12];
        new java.util.Random(7).nextBytes(transactionId);
        System.arraycopy(transactionId, 0, request, 8, 12);
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            probe.setSoTimeout(200);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (!coturn.isAlive()) fail("coturn exited: " + tail(coturnDir.resolve("turn.log")));
                probe.send(new java.net.DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
                try {
                    probe.receive(new java.net.DatagramPacket(new byte[1500], 1500));
                    return;
                } catch (java.net.SocketTimeoutException e) {
                    // not listening yet
                }
            }
        }
        fail("coturn did not answer STUN on 127.0.0.1:" + port + " within 10 s: " + tail(coturnDir.resolve("turn.log")));
    }


    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }
}

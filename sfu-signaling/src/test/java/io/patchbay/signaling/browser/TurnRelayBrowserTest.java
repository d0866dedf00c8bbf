package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
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
              let local = null;
              r.forEach((s) => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
                const c = r.get(s.localCandidateId); if (c) local = c.candidateType; } });
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
        int turnPort = freeUdpPort();
        startCoturn(turnPort);
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1"))
                .withTurn(new PatchbayConfig.TurnServer(List.of("turn:127.0.0.1:" + turnPort + "?transport=udp"),
                        SECRET, 3600)));
        String room = "turn-" + UUID.randomUUID().toString().substring(0, 6);
        a = HeadlessChromium.launch("turn-a");
        b = HeadlessChromium.launch("turn-b");
        for (HeadlessChromium page : List.of(a, b)) {
            page.driver().get("http://127.0.0.1:" + server.httpPort() + "/?room=" + room + "&name=" + page.label()
                    + "&autojoin=1&relay=1");
        }
        long deadline = System.nanoTime() + 40_000_000_000L;
        JsonNode sa = null;
        JsonNode sb = null;
        while (System.nanoTime() < deadline) {
            sa = JSON.readTree((String) a.asyncScript(RELAY_STATE_JS));
            sb = JSON.readTree((String) b.asyncScript(RELAY_STATE_JS));
            if (sa.path("frames").asLong() > 10 && sb.path("frames").asLong() > 10) break;
            Thread.sleep(250); // polling the pages
        }
        System.out.printf("through coturn: a %s, b %s; coturn log tail:%n%s%n", sa, sb, tail(coturnDir.resolve("turn.log")));
        if (sa == null || sa.path("frames").asLong() <= 10 || sb.path("frames").asLong() <= 10) {
            fail("relay-only pages did not decode each other through coturn: a " + sa + ", b " + sb);
        }
        assertEquals("relay", sa.path("local").asText(), "a's media goes through its TURN relay candidate");
        assertEquals("relay", sb.path("local").asText(), "b's media goes through its TURN relay candidate");
        JsonNode turn = sa.path("servers").get(0);
        assertTrue(turn.path("username").asText().endsWith(":" + JSON.readTree((String) a.script(
                "return JSON.stringify({id: window.patchbay.room.participantId})")).path("id").asText()),
                "per-participant TURN username <expiry>:<participant id>: " + turn);
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

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
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

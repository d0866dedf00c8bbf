package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.Metrics;
import io.patchbay.signaling.tls.TestCertificate;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A call over {@code https://} and {@code wss://} with a {@code --tls-self-signed} server on one address: Chromium
 * trusts exactly that certificate's key ({@code --ignore-certificate-errors-spki-list}, not a blanket
 * {@code --ignore-certificate-errors}), two demo pages join and decode each other's video, and both signal over
 * {@code wss://}. Used by {@link TlsBrowserTest} in this JVM (127.0.0.1) and, through {@link #main}, in a child JVM
 * inside a network namespace (a LAN address). Assertion failures are thrown. Called from one thread.
 */
final class HttpsCall {
    static final String RESULT_PREFIX = "HTTPSCALL-RESULT ";
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);

    /** Each connection's selected candidate pair, its local and remote addresses. */
    private static final String SELECTED_PAIRS_JS = """
            const done = arguments[arguments.length - 1];
            const room = window.patchbay.room;
            const pcs = [room.peerConnections.publisher, room.peerConnections.subscriber].filter((pc) => pc);
            Promise.all(pcs.map((pc) => pc.getStats())).then((reports) => {
              const out = [];
              for (const r of reports) r.forEach((s) => {
                if (s.type === 'transport' && s.selectedCandidatePairId) {
                  const pair = r.get(s.selectedCandidatePairId);
                  out.push({ local: r.get(pair.localCandidateId).address, remote: r.get(pair.remoteCandidateId).address });
                }
              });
              done(JSON.stringify(out));
            }, (e) => done(JSON.stringify([{ error: String(e) }])));
            """;

    private HttpsCall() {
    }

    /** A self-signed TLS server with HTTP and media on {@code address} only, ephemeral ports. */
    static PatchbayServer startServer(String address) throws Exception {
        return PatchbayServer.start(PatchbayConfig.defaults()
                .withHttpHost(address).withHttpPort(0).withMediaPort(0).withBindAddresses(List.of(address))
                .withTls(PatchbayConfig.Tls.selfSignedCertificate()));
    }

    /** The call; returns a line of what was measured. */
    static String run(String address, int port) throws Exception {
        String host = address.contains(":") ? "[" + address + "]" : address;
        String base = "https://" + host + ":" + port;
        X509Certificate served = TestCertificate.served(address, port);
        // The JDK checks the address against the subjectAltNames (Chromium's pin below would not).
        HttpResponse<String> health = HttpClient.newBuilder().sslContext(TestCertificate.trustingOnly(served)).build()
                .send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), base + "/health");
        List<String> pin = List.of("--ignore-certificate-errors-spki-list=" + spkiSha256(served));
        try (DemoPage a = DemoPage.open("tls-a", base, "tls", pin);
             DemoPage b = DemoPage.open("tls-b", base, "tls", pin)) {
            DemoPage.JoinOutcome aJoin = a.joinAndAwaitMedia(0, JOIN_TIMEOUT);
            assertTrue(aJoin.ok(), "A joins and publishes over " + base + ": " + aJoin.raw());
            DemoPage.JoinOutcome bJoin = b.joinAndAwaitMedia(1, JOIN_TIMEOUT);
            assertTrue(bJoin.ok() && bJoin.firstDecodedMs().containsKey(aJoin.participantId()),
                    "B decodes A's video: " + bJoin.raw());
            awaitFrames(a, bJoin.participantId());
            for (DemoPage p : List.of(a, b)) {
                JsonNode page = DemoPage.parse(p.browser().script("""
                        return JSON.stringify({ protocol: location.protocol, secure: window.isSecureContext,
                          sockets: (window.__pbSockets || []).map((ws) => ws.url) });
                        """));
                assertEquals("https:", page.path("protocol").asText(), p.name() + ": " + page);
                assertTrue(page.path("secure").asBoolean(), p.name() + " is a secure context: " + page);
                assertTrue(page.path("sockets").size() > 0, p.name() + ": " + page);
                for (JsonNode url : page.path("sockets")) {
                    assertEquals("wss://" + host + ":" + port + "/ws", url.asText(), p.name() + ": " + page);
                }
            }
            InetAddress server = InetAddress.getByName(address);
            for (DemoPage p : List.of(a, b)) {
                for (JsonNode pair : DemoPage.parse(p.browser().asyncScript(SELECTED_PAIRS_JS))) {
                    assertEquals(server, InetAddress.getByName(pair.path("remote").asText()),
                            p.name() + "'s media goes to the server's address: " + pair);
                }
            }
            String metrics = HttpClient.newBuilder().sslContext(TestCertificate.trustingOnly(served)).build()
                    .send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
            double batches = Metrics.value(metrics, "patchbay_media_send_batches_total");
            // On loopback Chromium's candidates are its LAN address, which the kernel reaches from another source
            // address than the pair's 127.0.0.1: ice4j sends then, by design. At a LAN address the fast path must.
            assertTrue(batches > 0 || server.isLoopbackAddress(), "media left through the media port's batched"
                    + " sockets (the fast path), not ice4j: " + batches + " batches");
            String sendErrors = metrics.lines().filter(l -> l.startsWith("patchbay_media_send_errors_total{"))
                    .filter(l -> !l.endsWith(" 0.0")).collect(java.util.stream.Collectors.joining(", "));
            return String.format("%s: A published after %.0f ms; B decoded A %.0f ms after its join; %.0f send"
                    + " batches; send errors: %s", base, aJoin.publisherConnectedMs(), bJoin.firstFrameMs(), batches,
                    sendErrors.isEmpty() ? "none" : sendErrors);
        }
    }

    /** What Chromium's --ignore-certificate-errors-spki-list takes: base64 of SHA-256 over the SubjectPublicKeyInfo. */
    static String spkiSha256(X509Certificate certificate) throws Exception {
        return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
    }

    private static void awaitFrames(DemoPage page, String fromParticipant) throws InterruptedException {
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        while (page.framesFrom(fromParticipant) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(page.name() + " decoded no video from " + fromParticipant + ": " + page.describe());
            }
            Thread.sleep(50);
        }
    }

    /** {@code HttpsCall ADDRESS}: a server on ADDRESS and the call; prints {@link #RESULT_PREFIX} and exits 0, else 1. */
    public static void main(String[] args) {
        NetworkNamespace.childMain(RESULT_PREFIX, () -> {
            try (PatchbayServer server = startServer(args[0])) {
                return run(args[0], server.httpPort());
            }
        });
    }
}

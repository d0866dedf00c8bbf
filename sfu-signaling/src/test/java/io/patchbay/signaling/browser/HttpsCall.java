package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.tls.TestCertificate;
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
            return String.format("%s: A published after %.0f ms; B decoded A %.0f ms after its join", base,
                    aJoin.publisherConnectedMs(), bJoin.firstFrameMs());
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

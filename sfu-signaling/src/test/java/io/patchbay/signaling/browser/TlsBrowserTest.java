package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.tls.TestCertificate;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo page over {@code https://} from a server started with {@code --tls-self-signed}: Chromium trusts exactly
 * that certificate's key ({@code --ignore-certificate-errors-spki-list}, not a blanket
 * {@code --ignore-certificate-errors}), patchbay.js signals over {@code wss://}, and two pages see each other's video.
 * A browser without the pin gets no page at all. Loopback only (127.0.0.1): the LAN case needs a namespace with a
 * veth pair, which no browser test sets up yet.
 */
class TlsBrowserTest {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @Test
    void twoPagesOverHttpsSignalOverWssAndDecodeEachOther() throws Exception {
        try (PatchbayServer server = PatchbayServer.start(PatchbayConfig.defaults()
                .withHttpHost("127.0.0.1").withHttpPort(0).withMediaPort(0).withBindAddresses(List.of("127.0.0.1"))
                .withTls(PatchbayConfig.Tls.selfSignedCertificate()))) {
            String base = "https://127.0.0.1:" + server.httpPort();
            X509Certificate served = TestCertificate.served("127.0.0.1", server.httpPort());
            List<String> pin = List.of("--ignore-certificate-errors-spki-list=" + spkiSha256(served));
            try (DemoPage a = DemoPage.open("tls-a", base, "tls", pin);
                 DemoPage b = DemoPage.open("tls-b", base, "tls", pin)) {
                DemoPage.JoinOutcome aJoin = a.joinAndAwaitMedia(0, JOIN_TIMEOUT);
                assertTrue(aJoin.ok(), "A joins and publishes over https: " + aJoin.raw());
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
                        assertEquals("wss://127.0.0.1:" + server.httpPort() + "/ws", url.asText(), p.name() + ": " + page);
                    }
                }
                System.out.printf("over https/wss: A published after %.0f ms; B decoded A %.0f ms after its join%n",
                        aJoin.publisherConnectedMs(), bJoin.firstFrameMs());
            }
            try (HeadlessChromium unpinned = HeadlessChromium.launch("tls-unpinned")) {
                unpinned.driver().get(base + "/?room=tls");
                Object state = unpinned.script("return location.protocol + ' ' + typeof window.patchbay;");
                assertTrue(String.valueOf(state).startsWith("chrome-error:"),
                        "without the pin Chromium shows its certificate error page, not the demo: " + state);
            }
        }
    }

    /** What Chromium's --ignore-certificate-errors-spki-list takes: base64 of SHA-256 over the SubjectPublicKeyInfo. */
    private static String spkiSha256(X509Certificate certificate) throws Exception {
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
}

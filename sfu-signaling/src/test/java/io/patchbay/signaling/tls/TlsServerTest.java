package io.patchbay.signaling.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.JsonSocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started with {@code --tls-cert/--tls-key} (a PEM pair the test makes with BouncyCastle) serves HTTPS and
 * WSS on its HTTP port with exactly that certificate, and nothing in plain text.
 */
class TlsServerTest {
    @TempDir
    static Path dir;
    private static TestCertificate certificate;
    private static PatchbayServer server;

    @BeforeAll
    static void start() throws Exception {
        certificate = TestCertificate.write(dir, "EC");
        server = PatchbayServer.start(loopback().withTls(
                PatchbayConfig.Tls.files(certificate.certFile().toString(), certificate.keyFile().toString())));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static PatchbayConfig loopback() {
        return PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0).withMediaPort(0)
                .withBindAddresses(List.of("127.0.0.1"));
    }

    private HttpClient trusting() throws Exception {
        return HttpClient.newBuilder().sslContext(certificate.trustingOnlyThis()).build();
    }

    @Test
    void aClientTrustingExactlyThatCertificateJoinsOverWss() throws Exception {
        assertTrue(server.tlsEnabled());
        try (JsonSocket socket = new JsonSocket(trusting(),
                URI.create("wss://127.0.0.1:" + server.httpPort() + "/ws"))) {
            String id = socket.join("tls-room", "alice");
            assertTrue(id != null && !id.isEmpty(), "joined with a participant id");
        }
    }

    @Test
    void httpsHealthServesTheConfiguredCertificate() throws Exception {
        HttpResponse<String> r = get(trusting(), "https");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"status\":\"ok\""), r.body());
        assertArrayEquals(certificate.certificate().getEncoded(),
                r.sslSession().orElseThrow().getPeerCertificates()[0].getEncoded());
    }

    @Test
    void plainHttpAndWebSocketToTheTlsPortFail() {
        assertThrows(IOException.class, () -> get(HttpClient.newHttpClient(), "http"));
        assertThrows(ExecutionException.class, () -> new JsonSocket(server.httpPort()).close());
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        assertThrows(SSLHandshakeException.class, () -> get(HttpClient.newHttpClient(), "https"));
    }

    private static HttpResponse<String> get(HttpClient client, String scheme) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + server.httpPort() + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.patchbay.signaling.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.media.dtls.DtlsIdentity;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.JsonSocket;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --tls-self-signed}: the served certificate is ECDSA P-256, valid about 30 days, names localhost, the loopback
 * addresses and this host's interface addresses, and its SHA-256 fingerprint is the one the start-up line logs.
 */
class SelfSignedTlsTest {
    private static final Pattern LOGGED = Pattern.compile("SHA-256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");

    @Test
    void theServedCertificateIsTheLoggedOneAndNamesThisHost() throws Exception {
        Logger log = Logger.getLogger("patchbay");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try (PatchbayServer server = PatchbayServer.start(TlsServerTest.loopback()
                .withTls(PatchbayConfig.Tls.selfSignedCertificate()))) {
            log.removeHandler(capture);
            int port = server.httpPort();
            X509Certificate served = TestCertificate.served("127.0.0.1", port);

            String line = lines.stream().filter(l -> l.contains("self-signed")).findFirst().orElseThrow(
                    () -> new AssertionError("no start-up line about the self-signed certificate in " + lines));
            Matcher m = LOGGED.matcher(line);
            assertTrue(m.find(), line);
            assertEquals(DtlsIdentity.sha256Fingerprint(served.getEncoded()), m.group(1), line);
            assertTrue(line.contains("https://127.0.0.1:" + port + "/") && line.contains("https://localhost:" + port + "/"),
                    line);

            Set<String> dnsNames = new HashSet<>();
            Set<InetAddress> ipAddresses = new HashSet<>();
            for (List<?> san : served.getSubjectAlternativeNames()) {
                if ((Integer) san.get(0) == 2) dnsNames.add((String) san.get(1));
                if ((Integer) san.get(0) == 7) ipAddresses.add(InetAddress.getByName((String) san.get(1)));
            }
            assertTrue(dnsNames.contains("localhost"), "DNS names " + dnsNames);
            assertTrue(ipAddresses.contains(InetAddress.getByName("127.0.0.1")), "IP addresses " + ipAddresses);
            assertTrue(ipAddresses.contains(InetAddress.getByName("::1")), "IP addresses " + ipAddresses);
            for (InetAddress a : hostAddresses()) {
                assertTrue(ipAddresses.contains(InetAddress.getByAddress(a.getAddress())),
                        a + " (an up interface's) missing from " + ipAddresses);
            }
            assertEquals("EC", served.getPublicKey().getAlgorithm());
            assertEquals(256, ((ECPublicKey) served.getPublicKey()).getParams().getCurve().getField().getFieldSize());
            Duration left = Duration.between(Instant.now(), served.getNotAfter().toInstant());
            assertTrue(left.toDays() >= 29 && left.toDays() <= 30, "valid for " + left);

            try (JsonSocket socket = new JsonSocket(
                    HttpClient.newBuilder().sslContext(TestCertificate.trustingOnly(served)).build(),
                    URI.create("wss://127.0.0.1:" + port + "/ws"))) {
                assertTrue(!socket.join("self-signed", "bob").isEmpty());
            }
        } finally {
            log.removeHandler(capture);
        }
    }

    /** Non-loopback, non-link-local addresses of the up interfaces: the ones a LAN browser may use. */
    private static List<InetAddress> hostAddresses() throws Exception {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) continue;
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (!a.isLinkLocalAddress()) out.add(a);
            }
        }
        return out;
    }
}

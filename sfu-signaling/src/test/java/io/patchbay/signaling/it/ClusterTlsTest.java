package io.patchbay.signaling.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.cluster.ClusterSettings;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.support.ClusterFixture;
import io.patchbay.signaling.tls.SelfSignedCertificate;
import io.patchbay.signaling.tls.ServerCertificate;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event bus over TLS with one certificate the nodes share: a room across two nodes works as without (signaling
 * and the relays' keys cross over TLS), and a client that cannot present the certificate is not served.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterTlsTest {
    private final List<TestPeer> peers = new ArrayList<>();

    @AfterEach
    void closePeers() {
        peers.forEach(TestPeer::close);
        peers.clear();
    }

    @Test
    void aRoomAcrossTwoNodesWorksOverATlsEventBusThatRefusesStrangers(@TempDir Path dir) throws Exception {
        ServerCertificate cert = SelfSignedCertificate.generate(List.of("patchbay-cluster"));
        PemKeyCertOptions pem = cert.keyCertOptions();
        Path certFile = Files.write(dir.resolve("cluster.crt"), pem.getCertValues().get(0).getBytes());
        Path keyFile = Files.write(dir.resolve("cluster.key"), pem.getKeyValues().get(0).getBytes());
        try (ClusterFixture cluster = ClusterFixture.start(2, SignalingLimits.DEFAULTS,
                ClusterSettings.MediaPlacement.EDGE, certFile.toString(), keyFile.toString())) {
            TestPeer alice = PeerMedia.publishing(cluster.nodes.get(0), "sealed", "alice", peers);
            TestPeer bob = PeerMedia.publishing(cluster.nodes.get(1), "sealed", "bob", peers);
            PeerMedia.awaitVideo(bob, alice);
            PeerMedia.awaitVideo(alice, bob);
            assertEquals(1, cluster.nodes.get(0).participantCount());
            assertEquals(1, cluster.nodes.get(1).participantCount());

            // The bus port speaks TLS with the cluster's certificate, and serves nobody who cannot present it.
            try (SSLSocket s = (SSLSocket) trustingEverything().getSocketFactory()
                    .createSocket("127.0.0.1", cluster.busPorts.get(0))) {
                s.setSoTimeout(5000);
                s.startHandshake();
                X509Certificate presented = (X509Certificate) s.getSession().getPeerCertificates()[0];
                assertArrayEquals(cert.leafDer(), presented.getEncoded(), "the cluster's certificate");
                assertThrows(IOException.class, () -> {
                    s.getOutputStream().write(new byte[] {0, 0, 0, 4, 1, 2, 3, 4});
                    s.getOutputStream().flush();
                    if (s.getInputStream().read() < 0) throw new IOException("closed by the node");
                }, "without the certificate the node closes the connection");
            }
        }
    }

    private static SSLContext trustingEverything() throws Exception {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return c;
    }
}

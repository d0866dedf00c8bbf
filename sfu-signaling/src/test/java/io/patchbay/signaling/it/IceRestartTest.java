package io.patchbay.signaling.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.load.peer.IceRestart;
import io.patchbay.load.peer.MediaKind;
import io.patchbay.load.peer.PeerTransport;
import io.patchbay.load.peer.PublisherConnection;
import io.patchbay.load.peer.StreamCheck;
import io.patchbay.load.peer.SubscriberConnection;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.PatchbayServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ICE restart with media flowing (RFC 8445 section 9; docs/protocol.md, Session lifecycle): new ICE credentials
 * on both sides, checks again (from the same socket, or from a new one as after an address change), and media
 * back on the new pair within 2 s of the first successful check, with no new DTLS handshake: SRTP keys stay, so
 * the packets keep decrypting.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IceRestartTest {
    private static final String ROOM = "restart";
    private static final Duration RESUME_BOUND = Duration.ofSeconds(2);

    private PatchbayServer server;
    private final List<TestPeer> peers = new ArrayList<>();
    private TestPeer alice;
    private TestPeer bob;
    private SubscriberConnection.RemoteTrack video;

    @BeforeEach
    void startServerAndMedia() throws Exception {
        server = PeerMedia.startServer();
        alice = PeerMedia.publishing(server, ROOM, "alice", peers);
        bob = PeerMedia.joined(server, ROOM, "bob", peers);
        video = PeerMedia.awaitVideo(bob, alice);
    }

    @AfterEach
    void stop() {
        peers.forEach(TestPeer::close);
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "new local port: {0}")
    @ValueSource(booleans = {true, false})
    void publisherIceRestartKeepsDtlsAndMediaComesBackOnTheNewPair(boolean newLocalPort) throws Exception {
        PublisherConnection pub = alice.publisher();
        IceRestart r = alice.restartPublisherIce(newLocalPort, PeerMedia.CONNECT);
        double resumeMs = awaitMediaSentAfter(r);
        // The server sends its RTCP to the new pair (with a new port the old socket is closed by now).
        long rtcpBefore = pub.transport().rtcpReceived.get();
        Await.until(Duration.ofSeconds(5), () -> pub.transport().rtcpReceived.get() > rtcpBefore,
                () -> "no RTCP from the server after the restart: " + pub.transport().diagnostics());
        List<Executable> checks = common(r, pub.transport(), resumeMs, newLocalPort);
        checks.add(() -> assertEquals(List.of(), alice.failures(), "alice peer failures"));
        assertAll(checks);
    }

    @ParameterizedTest(name = "new local port: {0}")
    @ValueSource(booleans = {true, false})
    void subscriberIceRestartKeepsDtlsAndMediaComesBackOnTheNewPair(boolean newLocalPort) throws Exception {
        PeerTransport sub = bob.subscriber().transport();
        String fingerprintBefore = bob.subscriber().latestOffer().fingerprint();
        IceRestart r = bob.restartSubscriberIce(newLocalPort, PeerMedia.CONNECT);
        double resumeMs = awaitMediaSentAfter(r);
        List<Executable> checks = common(r, sub, resumeMs, newLocalPort);
        checks.add(() -> assertEquals(fingerprintBefore, bob.subscriber().latestOffer().fingerprint(),
                "the restart offer keeps the DTLS fingerprint"));
        checks.add(() -> assertEquals(alice.participantId(), bob.subscriber().remoteTrack(video.mediaSsrc())
                .participantId(), "the restart offer keeps alice's video on its SSRC"));
        checks.add(() -> assertEquals(List.of(), bob.failures(), "bob peer failures"));
        assertAll(checks);
    }

    /** Waits for the first packet alice sent after the new pair was selected to reach bob; returns the delay in ms. */
    private double awaitMediaSentAfter(IceRestart r) {
        long[] arrival = {-1};
        Await.until(Duration.ofSeconds(5), () -> (arrival[0] = PeerMedia.firstArrivalSentAfter(bob, video.mediaSsrc(),
                r.checksSucceededNanos())) > 0, () -> "no media after the " + r.pc() + " ICE restart: bob "
                + bob.subscriber().transport().diagnostics() + "; alice " + alice.publisher().transport().diagnostics()
                + "; errors " + PeerMedia.errors(alice) + PeerMedia.errors(bob));
        return PeerMedia.millis(arrival[0] - r.checksSucceededNanos());
    }

    private List<Executable> common(IceRestart r, PeerTransport restarted, double resumeMs, boolean newLocalPort) {
        // Continuity across the restart on bob's copy of alice's video: same keys, rewritten but continuous.
        alice.publisher().sender().stop();
        StreamCheck.Report report = PeerMedia.check(bob, video, alice, MediaKind.VIDEO);
        int sentTotal = alice.publisher().sender().sent(MediaKind.VIDEO);
        System.out.printf("[ice-restart %s newPort=%s] server ufrag %s -> %s, local %s -> %s; new pair %.1f ms after"
                        + " the restart began; media sent after it at bob %.1f ms later; bob video %d/%d packets, %s%n",
                r.pc(), newLocalPort, r.oldServerUfrag(), r.newServerUfrag(), r.oldLocal(), r.newLocal(),
                r.millisToNewPair(), resumeMs, report.packets(), sentTotal, report);
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertNotEquals(r.oldServerUfrag(), r.newServerUfrag(), "the server's ice-ufrag changed"));
        checks.add(() -> assertEquals(newLocalPort, r.oldLocal().getPort() != r.newLocal().getPort(),
                "local port " + r.oldLocal() + " -> " + r.newLocal()));
        checks.add(() -> assertEquals(1, restarted.dtlsHandshakes(), "DTLS handshakes"));
        checks.add(() -> assertEquals(1, restarted.iceGeneration(), "ICE generation"));
        checks.add(() -> assertTrue(resumeMs < RESUME_BOUND.toMillis(), "media back " + resumeMs + " ms after the"
                + " new pair was selected"));
        checks.add(() -> assertTrue(bob.subscriber().transport().diagnostics().contains("rtpFailures={}"),
                "bob failed to decrypt: " + bob.subscriber().transport().diagnostics()));
        checks.add(() -> assertTrue(alice.publisher().transport().diagnostics().contains("rtcpFailures={}"),
                "alice failed to decrypt RTCP: " + alice.publisher().transport().diagnostics()));
        checks.add(() -> assertEquals(0, report.foreignPackets() + report.payloadMismatches()
                + report.seqDeltaMismatches() + report.tsDeltaMismatches() + report.duplicates(), report.toString()));
        checks.add(() -> assertEquals(List.of(), PeerMedia.errors(alice), "alice signaling errors"));
        checks.add(() -> assertEquals(List.of(), PeerMedia.errors(bob), "bob signaling errors"));
        return checks;
    }
}

package io.patchbay.signaling.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.ResumeFailedException;
import io.patchbay.load.peer.TestPeer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A participant is alive while its WebSocket and its media connections are (docs/protocol.md, Session lifecycle):
 * one whose network vanishes is removed, and the others hear {@code participant-left} with {@code reason:
 * "timeout"}; one whose socket is lost and not resumed is removed once the 30 s window ends, and its token no
 * longer resumes.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LivenessTest extends PeerServerTest {
    private static final String ROOM = "liveness";


    @Test
    void peerWhoseNetworkVanishesIsRemovedWithReasonTimeout() throws Exception {
        TestPeer alice = PeerMedia.publishing(server, ROOM, "alice", peers);
        TestPeer bob = PeerMedia.publishing(server, ROOM, "bob", peers);
        PeerMedia.awaitVideo(bob, alice);
        PeerMedia.awaitVideo(alice, bob);
        // Alice's UDP goes silent both ways (no STUN answers, no media, no RTCP); her WebSocket stays open and
        // answers pings, so only media liveness can tell.
        alice.blackhole(true);
        long silentFrom = System.nanoTime();
        JsonNode left = bob.signaling().await(m -> m.path("type").asText().equals("participant-left")
                && m.path("participantId").asText().equals(alice.participantId()), Duration.ofSeconds(40));
        double removedAfterMs = PeerMedia.millisSince(silentFrom);
        // Her socket is still open: she is told why before it closes (patchbay.js then rejoins).
        JsonNode told = alice.signaling().await(m -> m.path("type").asText().equals("error")
                && m.path("code").asText().equals("timeout"), Duration.ofSeconds(5));
        System.out.printf("[liveness] alice removed %.1f s after her network vanished: %s; alice's socket: %s;"
                        + " alice got %s%n", removedAfterMs / 1000, left, alice.signaling().closeReason(),
                PeerMedia.messages(alice, "error"));
        assertAll(
                () -> assertEquals("timeout", left.path("reason").asText(), left.toString()),
                () -> assertTrue(told.path("message").asText().contains("silent"), told.toString()),
                () -> assertTrue(removedAfterMs < 30_000, "removed after " + removedAfterMs + " ms"),
                () -> assertTrue(removedAfterMs > 5_000, "removed after only " + removedAfterMs + " ms"));
    }

    @Test
    void lostSocketNotResumedIsRemovedWhenTheWindowEndsAndItsTokenNoLongerResumes() throws Exception {
        TestPeer alice = PeerMedia.publishing(server, ROOM, "alice", peers);
        TestPeer bob = PeerMedia.joined(server, ROOM, "bob", peers);
        PeerMedia.awaitVideo(bob, alice);
        alice.dropSignaling();
        long lostAt = System.nanoTime();
        JsonNode left = bob.signaling().await(m -> m.path("type").asText().equals("participant-left")
                && m.path("participantId").asText().equals(alice.participantId()), Duration.ofSeconds(45));
        double removedAfterMs = PeerMedia.millisSince(lostAt);
        ResumeFailedException refused = assertThrows(ResumeFailedException.class, alice::resume);
        System.out.printf("[liveness] alice removed %.1f s after her socket was lost: %s; resume then: %s%n",
                removedAfterMs / 1000, left, refused.error());
        assertAll(
                () -> assertEquals("timeout", left.path("reason").asText(), left.toString()),
                () -> assertTrue(removedAfterMs >= 29_000, "removed after only " + removedAfterMs + " ms"),
                () -> assertTrue(removedAfterMs < 35_000, "removed after " + removedAfterMs + " ms"),
                () -> assertEquals("resume-failed", refused.code()));
    }
}

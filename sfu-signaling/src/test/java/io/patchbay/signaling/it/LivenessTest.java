package io.patchbay.signaling.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.ResumeFailedException;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.room.SessionTimeouts;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A participant is alive while its WebSocket and its media connections are (docs/protocol.md, Session lifecycle):
 * one whose network vanishes is removed once its media has been silent for the media-silence timeout, and the
 * others hear {@code participant-left} with {@code reason: "timeout"}; one whose socket is lost and not resumed is
 * removed once the resume window ends, and its token no longer resumes. The server runs with a resume window of
 * 6 s and a media silence of 5 s (production: 30 s and 20 s, asserted by {@code SessionTimeoutsTest}) so that each
 * expiry takes seconds; the assertions are relative to these values.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LivenessTest extends PeerServerTest {
    private static final String ROOM = "liveness";
    private static final SessionTimeouts SHORT = new SessionTimeouts(Duration.ofSeconds(6), Duration.ofSeconds(5),
            SessionTimeouts.DEFAULTS.transportFailureGrace(), SessionTimeouts.DEFAULTS.pingInterval(),
            SessionTimeouts.DEFAULTS.socketIdle(), SessionTimeouts.DEFAULTS.joinDeadline());

    @Override
    SessionTimeouts timeouts() {
        return SHORT;
    }

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
        long silenceMs = SHORT.mediaSilence().toMillis();
        JsonNode left = bob.signaling().await(m -> m.path("type").asText().equals("participant-left")
                        && m.path("participantId").asText().equals(alice.participantId()),
                SHORT.mediaSilence().plusSeconds(20));
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
                // The server hears each datagram, so she cannot be removed before her silence lasted the timeout; it
                // checks once a second, so she is removed soon after.
                () -> assertTrue(removedAfterMs < silenceMs + 10_000, "removed after " + removedAfterMs + " ms"),
                () -> assertTrue(removedAfterMs >= silenceMs - 1_000, "removed after only " + removedAfterMs + " ms"));
    }

    @Test
    void lostSocketNotResumedIsRemovedWhenTheWindowEndsAndItsTokenNoLongerResumes() throws Exception {
        TestPeer alice = PeerMedia.publishing(server, ROOM, "alice", peers);
        TestPeer bob = PeerMedia.joined(server, ROOM, "bob", peers);
        PeerMedia.awaitVideo(bob, alice);
        alice.dropSignaling();
        long lostAt = System.nanoTime();
        long windowMs = SHORT.resumeWindow().toMillis();
        JsonNode left = bob.signaling().await(m -> m.path("type").asText().equals("participant-left")
                        && m.path("participantId").asText().equals(alice.participantId()),
                SHORT.resumeWindow().plusSeconds(15));
        double removedAfterMs = PeerMedia.millisSince(lostAt);
        ResumeFailedException refused = assertThrows(ResumeFailedException.class, alice::resume);
        System.out.printf("[liveness] alice removed %.1f s after her socket was lost: %s; resume then: %s%n",
                removedAfterMs / 1000, left, refused.error());
        assertAll(
                () -> assertEquals("timeout", left.path("reason").asText(), left.toString()),
                () -> assertTrue(removedAfterMs >= windowMs - 1_000, "removed after only " + removedAfterMs + " ms"),
                () -> assertTrue(removedAfterMs < windowMs + 5_000, "removed after " + removedAfterMs + " ms"),
                () -> assertEquals("resume-failed", refused.code()));
    }
}

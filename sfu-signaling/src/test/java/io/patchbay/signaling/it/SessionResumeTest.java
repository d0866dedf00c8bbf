package io.patchbay.signaling.it;

import static io.patchbay.signaling.it.PeerMedia.CONNECT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.ResumeFailedException;
import io.patchbay.load.peer.SignalingClient;
import io.patchbay.load.peer.SubscriberConnection;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.room.SessionTimeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A lost WebSocket is not a leave (docs/protocol.md, Session lifecycle): the participant keeps its place, its
 * connections and its media for 30 s, and a {@code join} with its {@code reconnectToken} on a new socket resumes
 * the same session without anyone else noticing. Tokens that cannot resume get {@code resume-failed}. The test
 * that waits for a lost socket's window to end runs on a server whose window is 6 s.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SessionResumeTest extends PeerServerTest {
    private static final String ROOM = "resume";
    private static final int MORE_PACKETS = 100;
    /** A resume window of 6 s (production: 30 s), for the test that waits for one to end. */
    private static final SessionTimeouts SHORT_RESUME_WINDOW = new SessionTimeouts(Duration.ofSeconds(6),
            SessionTimeouts.DEFAULTS.mediaSilence(), SessionTimeouts.DEFAULTS.transportFailureGrace(),
            SessionTimeouts.DEFAULTS.pingInterval(), SessionTimeouts.DEFAULTS.socketIdle(),
            SessionTimeouts.DEFAULTS.joinDeadline());


    @ParameterizedTest(name = "socket lost by {0}")
    @ValueSource(strings = {"abort", "close-4001"})
    void lostSocketResumesTheSameSessionAndNobodyNotices(String how) throws Exception {
        TestPeer alice = PeerMedia.publishing(server, ROOM, "alice", peers);
        TestPeer bob = PeerMedia.publishing(server, ROOM, "bob", peers);
        SubscriberConnection.RemoteTrack aliceVideoAtBob = PeerMedia.awaitVideo(bob, alice);
        SubscriberConnection.RemoteTrack bobVideoAtAlice = PeerMedia.awaitVideo(alice, bob);
        String aliceId = alice.participantId();
        String token = alice.reconnectToken();
        assertNotNull(token, "joined has a reconnectToken");

        if (how.equals("abort")) {
            alice.dropSignaling();
        } else {
            alice.closeSignaling(4001);
        }
        long cut = System.nanoTime();
        // Media does not depend on the socket: it keeps flowing both ways meanwhile.
        int atBob = PeerMedia.packetsFrom(bob, aliceVideoAtBob.mediaSsrc(), alice);
        int atAlice = PeerMedia.packetsFrom(alice, bobVideoAtAlice.mediaSsrc(), bob);
        Await.until(Duration.ofSeconds(5), () -> PeerMedia.packetsFrom(bob, aliceVideoAtBob.mediaSsrc(), alice) > atBob
                        && PeerMedia.packetsFrom(alice, bobVideoAtAlice.mediaSsrc(), bob) > atAlice,
                () -> "media stopped when alice's socket was lost");

        JsonNode joined = alice.resume();
        double resumeMs = PeerMedia.millisSince(cut);
        int bobAfter = PeerMedia.packetsFrom(bob, aliceVideoAtBob.mediaSsrc(), alice);
        int aliceAfter = PeerMedia.packetsFrom(alice, bobVideoAtAlice.mediaSsrc(), bob);
        Await.until(Duration.ofSeconds(5),
                () -> PeerMedia.packetsFrom(bob, aliceVideoAtBob.mediaSsrc(), alice) >= bobAfter + MORE_PACKETS
                        && PeerMedia.packetsFrom(alice, bobVideoAtAlice.mediaSsrc(), bob) >= aliceAfter + MORE_PACKETS,
                () -> "media after the resume: bob got " + PeerMedia.packetsFrom(bob, aliceVideoAtBob.mediaSsrc(), alice)
                        + " from alice, alice got " + PeerMedia.packetsFrom(alice, bobVideoAtAlice.mediaSsrc(), bob));

        // The resumed socket speaks for alice: her mute reaches bob.
        String aliceAudio = trackOf(bob, aliceId, "audio");
        alice.mute(aliceAudio, true);
        JsonNode muted = bob.signaling().await(m -> m.path("type").asText().equals("track-muted")
                && m.path("trackId").asText().equals(aliceAudio), Duration.ofSeconds(5));
        System.out.printf("[resume %s] resumed %.0f ms after the cut; joined=%s%n", how, resumeMs, joined);
        assertAll(
                () -> assertTrue(joined.path("resumed").asBoolean(), "resumed: " + joined),
                () -> assertEquals(aliceId, joined.path("participantId").asText(), "same participant"),
                () -> assertNotEquals(token, joined.path("reconnectToken").asText(token), "a new reconnectToken"),
                () -> assertTrue(joined.path("participants").toString().contains(bob.participantId()),
                        "bob in participants: " + joined),
                () -> assertTrue(muted.path("muted").asBoolean()),
                () -> assertEquals(List.of(), leftOrUnpublished(bob, aliceId), "bob heard alice leave"),
                () -> assertEquals(List.of(), alice.failures(), "alice peer failures"),
                () -> assertEquals(List.of(), PeerMedia.errors(alice), "alice signaling errors"),
                () -> assertEquals(1, alice.subscriber().transport().dtlsHandshakes(), "connections kept"));
    }

    @Test
    void resumedSessionIsNotRemovedWhenTheResumeWindowOfItsLostSocketEnds() throws Exception {
        restartServer(SHORT_RESUME_WINDOW);
        TestPeer alice = PeerMedia.publishing(server, ROOM, "alice", peers);
        TestPeer bob = PeerMedia.joined(server, ROOM, "bob", peers);
        SubscriberConnection.RemoteTrack video = PeerMedia.awaitVideo(bob, alice);
        alice.dropSignaling();
        long cut = System.nanoTime();
        alice.resume();
        // Past the window of the lost socket (the server checks once a second).
        Await.within(SHORT_RESUME_WINDOW.resumeWindow().plusSeconds(3),
                () -> !leftOrUnpublished(bob, alice.participantId()).isEmpty());
        double waited = PeerMedia.millisSince(cut);
        int before = PeerMedia.packetsFrom(bob, video.mediaSsrc(), alice);
        Await.until(Duration.ofSeconds(3), () -> PeerMedia.packetsFrom(bob, video.mediaSsrc(), alice) > before + 50,
                () -> "no media from alice " + waited + " ms after the cut");
        assertEquals(List.of(), leftOrUnpublished(bob, alice.participantId()), "alice removed after resuming");
    }

    @Test
    void subscriberOfferPendingWhenTheSocketWasLostIsSentAgainAndAnswered() throws Exception {
        TestPeer alice = PeerMedia.joined(server, ROOM, "alice", peers);
        alice.holdSubscriberAnswers(true);
        TestPeer bob = PeerMedia.publishing(server, ROOM, "bob", peers);
        Await.until(CONNECT, () -> !alice.heldOffers().isEmpty(), () -> "alice was offered nothing");
        alice.dropSignaling();
        alice.holdSubscriberAnswers(false);
        alice.resume();
        SubscriberConnection.RemoteTrack video = PeerMedia.awaitVideo(alice, bob);
        assertAll(
                () -> assertEquals(alice.heldOffers().get(alice.heldOffers().size() - 1).text(),
                        alice.subscriber().offers().get(0).text(), "the offer sent again is the pending one"),
                () -> assertTrue(PeerMedia.packetsFrom(alice, video.mediaSsrc(), bob) > 0),
                () -> assertEquals(List.of(), alice.failures(), "alice peer failures"),
                () -> assertEquals(List.of(), PeerMedia.errors(alice), "alice signaling errors"));
    }

    @Test
    void resumeFromANewSocketTakesTheSessionOverAndTheOldSocketClosesWith4000() throws Exception {
        TestPeer alice = PeerMedia.publishing(server, ROOM, "alice", peers);
        TestPeer bob = PeerMedia.joined(server, ROOM, "bob", peers);
        PeerMedia.awaitVideo(bob, alice);
        SignalingClient old = alice.signaling();
        alice.reconnectSignaling();
        JsonNode joined = alice.resume();
        Await.until(Duration.ofSeconds(5), () -> old.closeCode() >= 0, () -> "old socket still open: " + old.closeReason());
        assertAll(
                () -> assertEquals(alice.participantId(), joined.path("participantId").asText()),
                () -> assertEquals(4000, old.closeCode(), "old socket: " + old.closeReason()),
                () -> assertEquals(List.of(), leftOrUnpublished(bob, alice.participantId()), "bob heard alice leave"));
    }

    @Test
    void tokenThatCannotResumeGetsResumeFailedAndTheSocketCanStillJoin() throws Exception {
        TestPeer alice = PeerMedia.joined(server, ROOM, "alice", peers);
        TestPeer dave = PeerMedia.joined(server, ROOM, "dave", peers);
        String daveToken = dave.reconnectToken();
        dave.close();
        peers.remove(dave);
        Await.until(Duration.ofSeconds(5), () -> !leftOrUnpublished(alice, dave.participantId()).isEmpty(),
                () -> "dave did not leave");
        PeerMedia.joined(server, "elsewhere", "erin", peers);
        TestPeer carol = TestPeer.connect(server.httpPort(), "carol",
                List.of(io.patchbay.load.peer.SrtpProfile.AEAD_AES_128_GCM));
        peers.add(carol);

        ResumeFailedException unknown = assertThrows(ResumeFailedException.class,
                () -> carol.resume(ROOM, "rt_not-a-token"));
        ResumeFailedException otherRoom = assertThrows(ResumeFailedException.class,
                () -> carol.resume("elsewhere", alice.reconnectToken()));
        ResumeFailedException afterLeave = assertThrows(ResumeFailedException.class,
                () -> carol.resume(ROOM, daveToken));
        String carolId = carol.join(ROOM);
        JsonNode joined = carol.signaling().awaitType("joined", Duration.ofSeconds(1));
        // Carol's 'joined' and Alice's 'participant-joined' leave the server together; Alice's may arrive later.
        Await.until(Duration.ofSeconds(5), () -> PeerMedia.messages(alice, "participant-joined").stream()
                .anyMatch(m -> m.path("participant").path("id").asText().equals(carolId)),
                () -> "alice never saw carol join");
        System.out.printf("[resume-failed] unknown: %s; other room: %s; after leave: %s%n", unknown.serverMessage(),
                otherRoom.serverMessage(), afterLeave.serverMessage());
        assertAll(
                () -> assertEquals("resume-failed", unknown.code()),
                () -> assertEquals("resume-failed", otherRoom.code()),
                () -> assertEquals("resume-failed", afterLeave.code()),
                () -> assertNotEquals(alice.participantId(), carolId),
                () -> assertNotEquals(dave.participantId(), carolId),
                () -> assertTrue(!joined.path("resumed").asBoolean(false), "a plain join is not resumed: " + joined),
                () -> assertEquals(1, PeerMedia.messages(alice, "participant-joined").stream()
                        .filter(m -> m.path("participant").path("id").asText().equals(carolId)).count(),
                        "alice sees carol join once"));
    }

    /**
     * The track id of {@code participantId}'s track of {@code kind} as {@code peer} learned it: from
     * {@code track-published}, or from {@code joined} if the track was published before {@code peer} joined.
     */
    private static String trackOf(TestPeer peer, String participantId, String kind) {
        for (JsonNode m : peer.signaling().history()) {
            String type = m.path("type").asText();
            if (type.equals("track-published") && m.path("participantId").asText().equals(participantId)
                    && m.path("track").path("kind").asText().equals(kind)) {
                return m.path("track").path("id").asText();
            }
            if (type.equals("joined")) {
                for (JsonNode p : m.path("participants")) {
                    if (!p.path("id").asText().equals(participantId)) {
                        continue;
                    }
                    for (JsonNode t : p.path("tracks")) {
                        if (t.path("kind").asText().equals(kind)) {
                            return t.path("id").asText();
                        }
                    }
                }
            }
        }
        throw new AssertionError(peer.name() + " never learned " + participantId + "'s " + kind + " track: "
                + peer.signaling().history());
    }

    /** {@code participant-left} or {@code track-unpublished} messages about {@code participantId}. */
    private static List<JsonNode> leftOrUnpublished(TestPeer peer, String participantId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : peer.signaling().history()) {
            String type = m.path("type").asText();
            if ((type.equals("participant-left") || type.equals("track-unpublished"))
                    && m.path("participantId").asText().equals(participantId)) {
                out.add(m);
            }
        }
        return out;
    }
}

package io.patchbay.signaling.it;

import static io.patchbay.signaling.it.PeerMedia.CONNECT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.SubscriberConnection.RemoteTrack;
import io.patchbay.load.peer.TestPeer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Subscriber control with real media (docs/protocol.md, Subscriber control): a participant that joined without
 * {@code autoSubscribe} receives only what it subscribes to; {@code update-subscription} pauses a track, and the
 * preference outlives the subscription: unsubscribed and subscribed again, the track stays paused until resumed.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SubscriptionControlTest extends PeerServerTest {
    private static final String ROOM = "control";
    private static final Duration QUIET = Duration.ofMillis(800);

    private static String trackId(TestPeer peer, String kind) throws Exception {
        JsonNode m = peer.signaling().await(0, x -> x.path("type").asText().equals("track-published")
                && x.path("track").path("kind").asText().equals(kind), CONNECT);
        return m.path("track").path("id").asText();
    }

    /** Packets on {@code ssrc} from {@code publisher} during {@link #QUIET}, after in-flight ones drained. */
    private static int packetsDuringQuiet(TestPeer subscriber, long ssrc, TestPeer publisher) throws Exception {
        Thread.sleep(300);
        int before = PeerMedia.packetsFrom(subscriber, ssrc, publisher);
        Thread.sleep(QUIET.toMillis());
        return PeerMedia.packetsFrom(subscriber, ssrc, publisher) - before;
    }

    @Test
    void subscribedTracksOnlyAndPausePersistsAcrossResubscription() throws Exception {
        TestPeer bob = TestPeer.connect(server.httpPort(), "bob", List.of(SrtpProfile.AEAD_AES_128_GCM));
        peers.add(bob);
        bob.join(ROOM, false);
        TestPeer alice = PeerMedia.publishing(server, ROOM, "alice", peers);
        String audioId = trackId(bob, "audio");
        String videoId = trackId(bob, "video");
        Thread.sleep(300);
        assertEquals(0, bob.subscriber().offers().size(), "no offer before subscribe");

        bob.subscribe(true, List.of(audioId, videoId));
        RemoteTrack video = PeerMedia.awaitVideo(bob, alice);
        RemoteTrack audio = bob.subscriber().awaitTrack(alice.participantId(), "audio", CONNECT);
        Await.until(CONNECT, () -> PeerMedia.packetsFrom(bob, audio.mediaSsrc(), alice) > 0, () -> "no audio");

        bob.updateSubscription(audioId, null, true);
        int audioWhilePaused = packetsDuringQuiet(bob, audio.mediaSsrc(), alice);

        bob.subscribe(false, List.of(audioId));
        bob.subscriber().awaitOffer(o -> o.liveSections().stream().noneMatch(s -> audioId.equals(s.msidTrack())), CONNECT);
        bob.subscribe(true, List.of(audioId));
        long againSsrc = bob.subscriber().awaitOffer(o -> o.liveSections().stream().anyMatch(s -> audioId.equals(s.msidTrack())
                && s.mediaSsrc() != audio.mediaSsrc()), CONNECT).liveSections().stream()
                .filter(s -> audioId.equals(s.msidTrack())).findFirst().orElseThrow().mediaSsrc();
        Await.until(CONNECT, () -> bob.subscriber().answers().size() == bob.subscriber().offers().size(), () -> "unanswered");
        int audioAfterResubscribe = packetsDuringQuiet(bob, againSsrc, alice);
        int videoMeanwhile = packetsDuringQuiet(bob, video.mediaSsrc(), alice);

        bob.updateSubscription(audioId, 720, false);
        Await.until(CONNECT, () -> PeerMedia.packetsFrom(bob, againSsrc, alice) > 0,
                () -> "audio not resumed: " + bob.subscriber().counters());
        assertAll(
                () -> assertEquals(0, audioWhilePaused, "audio forwarded while paused"),
                () -> assertEquals(0, audioAfterResubscribe, "the pause did not persist across the resubscription"),
                () -> assertTrue(videoMeanwhile > 0, "video kept flowing"),
                () -> assertEquals(List.of(), PeerMedia.errors(bob), "bob's signaling errors"),
                () -> assertEquals(List.of(), bob.failures(), "bob's failures"));
    }
}

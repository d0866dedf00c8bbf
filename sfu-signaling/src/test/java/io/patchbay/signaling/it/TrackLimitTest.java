package io.patchbay.signaling.it;

import static io.patchbay.signaling.it.PeerMedia.CONNECT;
import static io.patchbay.signaling.it.PeerMedia.TICK;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.PublisherConnection;
import io.patchbay.load.peer.RemoteSdp;
import io.patchbay.load.peer.SubscriberConnection;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.support.Metrics;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tracks per participant (docs/operations.md, Limits and abuse): with a limit of one, a publisher offering audio and
 * video gets its audio accepted and the video section rejected with port 0, then {@code error}
 * {@code too-many-tracks}; the accepted track still reaches the others, who never hear of the refused one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrackLimitTest extends PeerServerTest {
    private static final String ROOM = "tracks";

    @Override
    SignalingLimits limits() {
        return SignalingLimits.DEFAULTS.withTracksPerParticipant(1);
    }

    @Test
    void sectionsOverTheLimitAreRejectedAndTheAcceptedTrackStillReachesTheOthers() throws Exception {
        TestPeer bob = PeerMedia.joined(server, ROOM, "bob", peers);
        TestPeer alice = PeerMedia.joined(server, ROOM, "alice", peers);
        int mark = alice.signaling().mark();
        PublisherConnection pub = alice.publish(CONNECT);
        pub.sender().start(TICK);
        JsonNode error = alice.signaling().await(mark, m -> "error".equals(m.path("type").asText()), CONNECT);

        SubscriberConnection.RemoteTrack audio = bob.subscriber().awaitTrack(alice.participantId(), "audio", CONNECT);
        bob.subscriber().transport().awaitConnected(CONNECT);
        Await.until(CONNECT, () -> PeerMedia.packetsFrom(bob, audio.mediaSsrc(), alice) > 0,
                () -> "bob gets no audio from alice: " + bob.subscriber().transport().diagnostics());
        List<String> published = PeerMedia.messages(bob, "track-published").stream()
                .map(m -> m.path("track").path("kind").asText()).toList();
        List<RemoteSdp.Section> answered = pub.answer().sections();
        String scrape = Metrics.scrape(server.httpPort());
        assertAll(
                () -> assertEquals("too-many-tracks", error.path("code").asText(), error.toString()),
                () -> assertTrue(error.path("message").asText().contains("at most 1 tracks"), error.toString()),
                () -> assertEquals(List.of(false, true), answered.stream().map(RemoteSdp.Section::rejected).toList(),
                        "audio accepted, video rejected: " + pub.answerText()),
                () -> assertEquals(List.of("audio"), published, "the others hear only of the accepted track"),
                () -> assertEquals(1.0, Metrics.value(scrape, "patchbay_tracks_refused_total")),
                () -> assertEquals(1.0, Metrics.value(scrape,
                        "patchbay_signaling_errors_total{code=\"too-many-tracks\"}")),
                () -> assertEquals(List.of(), PeerMedia.errors(bob), "nothing for bob"));
    }
}

package io.patchbay.signaling.it;

import static io.patchbay.signaling.it.PeerMedia.CONNECT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.SignalingClient;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.support.Metrics;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Participants per server (docs/operations.md, Limits and abuse): with a limit of two, a third {@code join} (into
 * any room) gets {@code server-full} and its socket stays usable; the two inside keep their media, and once one
 * leaves the third gets in.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParticipantLimitTest extends PeerServerTest {
    @Override
    SignalingLimits limits() {
        return SignalingLimits.DEFAULTS.withParticipants(2);
    }

    @Test
    void aJoinOverTheServerLimitIsRefusedWhileThoseInsideKeepTheirMedia() throws Exception {
        TestPeer alice = PeerMedia.publishing(server, "one", "alice", peers);
        TestPeer bob = PeerMedia.joined(server, "one", "bob", peers);
        long video = PeerMedia.awaitVideo(bob, alice).mediaSsrc();
        TestPeer carol = TestPeer.connect(server.httpPort(), "carol", List.of(SrtpProfile.AEAD_AES_128_GCM));
        peers.add(carol);

        JsonNode refused = join(carol.signaling(), "two");
        int before = PeerMedia.packetsFrom(bob, video, alice);
        Await.until(CONNECT, () -> PeerMedia.packetsFrom(bob, video, alice) > before,
                () -> "bob's video from alice stopped after the refused join");
        String scrape = Metrics.scrape(server.httpPort());
        assertAll(
                () -> assertEquals("server-full", refused.path("code").asText(), refused.toString()),
                () -> assertTrue(refused.path("message").asText().contains("maximum of 2 participants"),
                        refused.toString()),
                () -> assertEquals(-1, carol.signaling().closeCode(), "the refused socket stays open"),
                () -> assertEquals(1.0, Metrics.value(scrape, "patchbay_signaling_errors_total{code=\"server-full\"}")),
                () -> assertEquals(2.0, Metrics.value(scrape, "patchbay_participants")),
                () -> assertEquals(List.of(), PeerMedia.errors(alice)),
                () -> assertEquals(List.of(), PeerMedia.errors(bob)));

        int mark = alice.signaling().mark();
        bob.signaling().send(bob.signaling().newMessage("leave"));
        alice.signaling().await(mark, m -> "participant-left".equals(m.path("type").asText()), CONNECT);
        JsonNode joined = join(carol.signaling(), "two");
        assertEquals("joined", joined.path("type").asText(), "a place freed by a leave is taken: " + joined);
    }

    /** Sends {@code join} into {@code room} and returns the answer: {@code joined} or {@code error}. */
    private static JsonNode join(SignalingClient s, String room) throws Exception {
        int mark = s.mark();
        s.send(s.newMessage("join").put("room", room).put("name", "carol"));
        return s.await(mark, m -> m.path("type").asText().equals("joined") || m.path("type").asText().equals("error"),
                CONNECT);
    }
}

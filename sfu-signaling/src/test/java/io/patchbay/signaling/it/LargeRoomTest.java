package io.patchbay.signaling.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.TestPeer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A room of 40 participants that each publish a microphone and a camera: the last one's subscriber connection
 * carries 78 m-sections, and its answer is accepted like any other. Before, the SDP parser took at most 64 sections,
 * so from the 33rd such participant on, every newcomer's answer was refused ({@code sdp-too-many-sections}) and it
 * received nothing. (No media is sent: the test is about negotiation.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LargeRoomTest extends PeerServerTest {
    private static final int PARTICIPANTS = 40;

    @Test
    void theFortiethParticipantsAnswerIsAccepted() throws Exception {
        TestPeer last = null;
        for (int i = 0; i < PARTICIPANTS; i++) {
            last = PeerMedia.joined(server, "large", "p" + i, peers);
            last.publish(PeerMedia.CONNECT);
        }
        TestPeer newest = last;
        int expectedSections = 2 * (PARTICIPANTS - 1);
        Await.until(Duration.ofSeconds(20), () -> lastSubscriberOfferSections(newest) == expectedSections,
                () -> "subscriber offer sections: " + lastSubscriberOfferSections(newest));
        Thread.sleep(500); // the answer to it has been sent and handled
        JsonNode error = PeerMedia.errors(newest).stream().findFirst().orElse(null);
        System.out.printf("[large room] participant %d: subscriber offer of %d m-sections, errors: %s%n", PARTICIPANTS,
                expectedSections, PeerMedia.errors(newest));
        assertEquals(null, error, "the newest participant got an error");
    }

    private static int lastSubscriberOfferSections(TestPeer peer) {
        String sdp = null;
        for (JsonNode m : PeerMedia.messages(peer, "offer")) sdp = m.path("sdp").asText();
        return sdp == null ? 0 : sdp.split("\r\nm=", -1).length - 1;
    }
}

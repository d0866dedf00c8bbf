package io.patchbay.signaling.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.load.peer.SubscriberConnection;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.media.transport.WebRtcTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A joined client trickles candidates it should not (docs/protocol.md, errors): names that are not IP literals
 * (before, "bad.de" or "999.1.1.1" passed the check and the server looked them up on its event loop, stalling
 * everyone's signaling behind a slow resolver) and more candidates than one connection takes. Each gets its error at
 * once, while a call between two other participants keeps its video.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CandidateAbuseTest extends PeerServerTest {
    private static final String ROOM = "candidates";
    private static final ObjectMapper JSON = new ObjectMapper();


    @Test
    void namesAndExcessCandidatesGetErrorsWhileTheCallGoesOn() throws Exception {
        TestPeer alice = PeerMedia.publishing(server, ROOM, "alice", peers);
        TestPeer bob = PeerMedia.publishing(server, ROOM, "bob", peers);
        SubscriberConnection.RemoteTrack aliceAtBob = PeerMedia.awaitVideo(bob, alice);
        TestPeer mallory = PeerMedia.publishing(server, ROOM, "mallory", peers);
        int before = PeerMedia.packetsFrom(bob, aliceAtBob.mediaSsrc(), alice);

        long start = System.nanoTime();
        List<String> names = List.of("bad.de", "999.1.1.1", "example.com", "localhost", "abc.def", "fe80::1%eth0");
        for (String name : names) {
            send(mallory, "candidate:1 1 udp 2122260223 " + name + " 5000 typ host");
        }
        List<JsonNode> nameErrors = awaitErrors(mallory, names.size(), 0);
        double namesMs = PeerMedia.millisSince(start);

        int mark = mallory.signaling().mark();
        int extra = 8;
        for (int i = 0; i < WebRtcTransport.MAX_REMOTE_CANDIDATES + extra; i++) {
            send(mallory, "candidate:" + (100 + i) + " 1 udp 2122260223 127.0.0.1 " + (20000 + i) + " typ host");
        }
        List<JsonNode> excessErrors = awaitErrors(mallory, extra, mark);

        Await.until(Duration.ofSeconds(5), () -> PeerMedia.packetsFrom(bob, aliceAtBob.mediaSsrc(), alice) > before + 50,
                () -> "bob's video from alice stopped");
        System.out.printf("[candidates] %d name candidates refused in %.0f ms: %s; %d excess refused: %s%n",
                names.size(), namesMs, nameErrors.get(0), excessErrors.size(), excessErrors.get(0));
        assertAll(
                () -> assertTrue(nameErrors.stream().allMatch(e -> e.path("code").asText().equals("bad-candidate")),
                        nameErrors.toString()),
                () -> assertTrue(namesMs < 2_000, "name candidates took " + namesMs + " ms to refuse"),
                () -> assertTrue(excessErrors.stream().allMatch(e -> e.path("code").asText()
                        .equals("too-many-candidates")), excessErrors.toString()),
                () -> assertEquals(extra, excessErrors.size()));
    }

    private static void send(TestPeer peer, String candidate) throws Exception {
        ObjectNode m = JSON.createObjectNode().put("type", "candidate").put("pc", "publisher");
        m.putObject("candidate").put("candidate", candidate).put("sdpMid", "0");
        peer.signaling().send(m);
    }

    /** Waits for {@code count} error messages at or after history position {@code from}. */
    private static List<JsonNode> awaitErrors(TestPeer peer, int count, int from) throws Exception {
        List<JsonNode> errors = new ArrayList<>();
        int next = from;
        while (errors.size() < count) {
            JsonNode e = peer.signaling().await(next, m -> m.path("type").asText().equals("error"),
                    Duration.ofSeconds(5));
            errors.add(e);
            next = indexAfter(peer, e, next);
        }
        return errors;
    }

    private static int indexAfter(TestPeer peer, JsonNode message, int from) {
        List<JsonNode> history = peer.signaling().history();
        for (int i = from; i < history.size(); i++) {
            if (history.get(i) == message) return i + 1;
        }
        return history.size();
    }
}

package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.JsonSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code pin} against a real server with raw sockets (docs/protocol.md, Active speakers and last-N): accepted for
 * other participants of the room, whether they publish yet or not; refused whole for anyone else. What pins do to
 * media is in LastNTest (it) and ActiveSpeakersTest.
 */
class PinProtocolTest {
    private static PatchbayServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpPort(0).withMediaPort(0)
                .withHttpHost("127.0.0.1").withBindAddresses(List.of("127.0.0.1")));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String errorCodeFor(JsonSocket socket, String message) throws Exception {
        socket.send(message);
        return socket.awaitType("error").path("code").asText();
    }

    private static String pin(String... ids) {
        return "{\"type\":\"pin\",\"participantIds\":[" + String.join(",", java.util.Arrays.stream(ids)
                .map(id -> "\"" + id + "\"").toList()) + "]}";
    }

    @Test
    void pinsOfOtherParticipantsAreTakenAndAnythingElseIsRefusedWhole() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort());
             JsonSocket carol = new JsonSocket(server.httpPort()); JsonSocket dave = new JsonSocket(server.httpPort())) {
            assertEquals("not-joined", errorCodeFor(bob, pin("PA_x")));
            String aliceId = alice.join("pins", "alice");
            String bobId = bob.join("pins", "bob");
            String carolId = carol.join("pins", "carol");
            String elsewhere = dave.join("pins-elsewhere", "dave");
            String[] sixteen = new String[PinRequests.MAX_PINNED + 1];
            for (int i = 0; i < sixteen.length; i++) sixteen[i] = "PA_" + i;
            String[][] cases = {
                {pin("PA_nope"), "unknown-participant"},
                {pin(aliceId, "PA_nope"), "unknown-participant"},
                {pin(bobId), "unknown-participant"}, // itself
                {pin(elsewhere), "unknown-participant"}, // another room
                {pin(sixteen), "bad-message"},
                {"{\"type\":\"pin\"}", "bad-message"},
                {"{\"type\":\"pin\",\"participantIds\":\"" + aliceId + "\"}", "bad-message"},
            };
            for (String[] c : cases) assertEquals(c[1], errorCodeFor(bob, c[0]), c[0]);
            // Nobody publishes yet: pins are kept by participant, not by track.
            bob.send(pin(aliceId, carolId, aliceId));
            bob.send(pin());
            bob.send(pin(carolId));
            // Accepted without an answer: the reply to the next message is the next thing bob hears.
            bob.send("{\"type\":\"get-stats\"}");
            assertEquals("stats", bob.await(m -> true, Duration.ofSeconds(5)).path("type").asText());
            carol.send("{\"type\":\"leave\"}");
            bob.awaitType("participant-left");
            assertEquals("unknown-participant", errorCodeFor(bob, pin(carolId)), "gone");
        }
    }
}

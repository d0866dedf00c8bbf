package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.signaling.support.JsonSocket;
import io.patchbay.signaling.support.LoopbackServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code pin} and the publisher offer's {@code sources} against a real server with raw sockets (docs/protocol.md,
 * Active speakers and last-N): pins are accepted for other participants of the room, whether they publish yet or not,
 * and refused whole for anyone else; a section declared a screen is announced with {@code source: "screen"} to
 * everyone, undeclared ones get their kind's default, and {@code sources} that do not fit the offer refuse it whole.
 * What both do to media is in LastNTest (it) and ActiveSpeakersTest.
 */
class PinsAndSourcesProtocolTest {
    @RegisterExtension
    static final LoopbackServer SERVER = new LoopbackServer();

    private static String pin(String... ids) {
        return "{\"type\":\"pin\",\"participantIds\":[" + String.join(",", Arrays.stream(ids)
                .map(id -> "\"" + id + "\"").toList()) + "]}";
    }

    /** Audio (mid 0) and simulcast video (mid 1), with {@code sources} as given (null: none). */
    private static ObjectNode offer(String sourcesJson) throws Exception {
        try (InputStream in = PinsAndSourcesProtocolTest.class.getResourceAsStream("/sdp/simulcast-offer.sdp")) {
            ObjectNode offer = Json.object().put("type", "offer").put("pc", "publisher")
                    .put("sdp", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (sourcesJson != null) offer.set("sources", Json.MAPPER.readTree(sourcesJson));
            return offer;
        }
    }

    /** The next message: after messages the server does not answer, the answer to a later one comes first. */
    private static String next(JsonSocket socket) throws Exception {
        return socket.await(m -> true, Duration.ofSeconds(5)).path("type").asText();
    }

    @Test
    void pinsOfOtherParticipantsAreTakenAndAnythingElseIsRefusedWhole() throws Exception {
        try (JsonSocket alice = new JsonSocket(SERVER.httpPort()); JsonSocket bob = new JsonSocket(SERVER.httpPort());
             JsonSocket carol = new JsonSocket(SERVER.httpPort()); JsonSocket dave = new JsonSocket(SERVER.httpPort())) {
            assertEquals("not-joined", bob.errorCodeFor(pin("PA_x")));
            String aliceId = alice.join("pins", "alice");
            String bobId = bob.join("pins", "bob");
            String carolId = carol.join("pins", "carol");
            String elsewhere = dave.join("pins-elsewhere", "dave");
            String[] seventeen = new String[PinRequests.MAX_PINNED + 1];
            for (int i = 0; i < seventeen.length; i++) seventeen[i] = "PA_" + i;
            String[][] cases = {
                {pin("PA_nope"), "unknown-participant"},
                {pin(aliceId, "PA_nope"), "unknown-participant"},
                {pin(bobId), "unknown-participant"}, // itself
                {pin(elsewhere), "unknown-participant"}, // another room
                {pin(seventeen), "bad-message"},
                {"{\"type\":\"pin\"}", "bad-message"},
                {"{\"type\":\"pin\",\"participantIds\":\"" + aliceId + "\"}", "bad-message"},
            };
            for (String[] c : cases) assertEquals(c[1], bob.errorCodeFor(c[0]), c[0]);
            // Nobody publishes yet: pins are kept by participant, not by track.
            bob.send(pin(aliceId, carolId, aliceId));
            bob.send(pin());
            bob.send(pin(carolId));
            bob.send("{\"type\":\"get-stats\"}");
            assertEquals("stats", next(bob), "pins are taken without an answer");
            carol.send("{\"type\":\"leave\"}");
            bob.awaitType("participant-left");
            assertEquals("unknown-participant", bob.errorCodeFor(pin(carolId)), "gone");
        }
    }

    @Test
    void aScreenShareIsAnnouncedAsSuchToEveryone() throws Exception {
        try (JsonSocket alice = new JsonSocket(SERVER.httpPort()); JsonSocket bob = new JsonSocket(SERVER.httpPort())) {
            bob.join("sources", "bob");
            alice.join("sources", "alice");
            alice.send(Json.write(offer("{\"1\":\"screen\"}")));
            alice.awaitType("answer");
            JsonNode audio = alice.awaitType("track-published").path("track");
            JsonNode video = alice.awaitType("track-published").path("track");
            assertEquals("microphone", audio.path("source").asText(), audio.toString());
            assertEquals("screen", video.path("source").asText(), video.toString());
            JsonNode seen = bob.await(m -> m.path("type").asText().equals("track-published")
                    && m.path("track").path("kind").asText().equals("video"), Duration.ofSeconds(5));
            assertEquals(video, seen.path("track"));
            try (JsonSocket carol = new JsonSocket(SERVER.httpPort())) {
                carol.send("{\"type\":\"join\",\"room\":\"sources\",\"name\":\"carol\"}");
                JsonNode joined = carol.awaitType("joined");
                for (JsonNode p : joined.path("participants")) {
                    if (p.path("name").asText().equals("alice")) assertEquals(video, p.path("tracks").get(1));
                }
            }
        }
    }

    @Test
    void sourcesThatDoNotFitTheOfferRefuseIt() throws Exception {
        try (JsonSocket alice = new JsonSocket(SERVER.httpPort())) {
            alice.join("sources-refused", "alice");
            String[][] cases = {
                {"{\"7\":\"screen\"}", "a mid the offer does not have"},
                {"{\"0\":\"camera\"}", "camera for audio"},
                {"{\"1\":\"microphone\"}", "microphone for video"},
                {"{\"1\":\"display\"}", "not a source"},
                {"[\"screen\"]", "not an object"},
            };
            for (String[] c : cases) {
                alice.send(Json.write(offer(c[0])));
                JsonNode reply = alice.await(m -> true, Duration.ofSeconds(5));
                assertEquals("bad-message", reply.path("code").asText(), c[1] + ": " + reply);
            }
            // Nothing was applied: the same offer with fitting sources is the first to be answered and published.
            alice.send(Json.write(offer("{\"0\":\"microphone\",\"1\":\"camera\"}")));
            assertEquals("answer", next(alice));
            assertEquals("microphone", alice.awaitType("track-published").path("track").path("source").asText());
            assertEquals("camera", alice.awaitType("track-published").path("track").path("source").asText());
        }
    }
}

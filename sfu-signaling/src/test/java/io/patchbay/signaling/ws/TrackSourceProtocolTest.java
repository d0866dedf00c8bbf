package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.JsonSocket;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Track sources through signaling (docs/protocol.md, the publisher {@code offer}'s {@code sources}): a section
 * declared a screen is announced with {@code source: "screen"} to everyone, the publisher and latecomers included;
 * undeclared ones get their kind's default; a {@code sources} that does not fit the offer refuses the whole offer.
 */
class TrackSourceProtocolTest {
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

    /** Audio (mid 0) and simulcast video (mid 1). */
    private static ObjectNode offer(String sourcesJson) throws Exception {
        try (InputStream in = TrackSourceProtocolTest.class.getResourceAsStream("/sdp/simulcast-offer.sdp")) {
            ObjectNode offer = Json.object().put("type", "offer").put("pc", "publisher")
                    .put("sdp", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (sourcesJson != null) offer.set("sources", Json.MAPPER.readTree(sourcesJson));
            return offer;
        }
    }

    @Test
    void aScreenShareIsAnnouncedAsSuchToEveryone() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
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
            try (JsonSocket carol = new JsonSocket(server.httpPort())) {
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
        try (JsonSocket alice = new JsonSocket(server.httpPort())) {
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
                JsonNode reply = alice.await(m -> !m.path("type").asText().equals("active-speakers"),
                        Duration.ofSeconds(5));
                assertEquals("bad-message", reply.path("code").asText(), c[1] + ": " + reply);
            }
            // Nothing was applied: the same offer with fitting sources is the first to be answered and published.
            alice.send(Json.write(offer("{\"0\":\"microphone\",\"1\":\"camera\"}")));
            assertEquals("answer", alice.await(m -> true, Duration.ofSeconds(5)).path("type").asText());
            assertEquals("microphone", alice.awaitType("track-published").path("track").path("source").asText());
            assertEquals("camera", alice.awaitType("track-published").path("track").path("source").asText());
        }
    }
}

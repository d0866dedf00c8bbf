package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.core.sdp.MediaSection;
import io.patchbay.core.sdp.SessionDescription;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.JsonSocket;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Simulcast publication and the subscriber-control messages (docs/protocol.md, Simulcast and Subscriber control)
 * against a real server, with raw sockets: the publisher's offer is answered without ICE ever running.
 */
class SubscriberControlProtocolTest {
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

    private static String simulcastOffer() throws Exception {
        try (InputStream in = SubscriberControlProtocolTest.class.getResourceAsStream("/sdp/simulcast-offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Publishes audio and 3-layer simulcast video; returns the two track-published messages' tracks. */
    private static List<JsonNode> publishSimulcast(JsonSocket publisher) throws Exception {
        publisher.send(Json.write(Json.object().put("type", "offer").put("pc", "publisher").put("sdp", simulcastOffer())));
        JsonNode answer = publisher.awaitType("answer");
        assertTrue(answer.path("sdp").asText().contains("a=rid:q recv\r\na=rid:h recv\r\na=rid:f recv\r\na=simulcast:recv q;h;f\r\n"),
                answer.path("sdp").asText());
        List<JsonNode> tracks = new ArrayList<>();
        tracks.add(publisher.awaitType("track-published").path("track"));
        tracks.add(publisher.awaitType("track-published").path("track"));
        return tracks;
    }

    private static String errorCodeFor(JsonSocket socket, String message) throws Exception {
        socket.send(message);
        return socket.awaitType("error").path("code").asText();
    }

    private static List<String> activeMsidTracks(JsonNode offer) throws Exception {
        List<String> out = new ArrayList<>();
        for (MediaSection m : SessionDescription.parse(offer.path("sdp").asText()).media()) {
            if (m.port() != 0 && m.direction() != io.patchbay.core.sdp.Direction.INACTIVE) {
                m.msid().ifPresent(msid -> out.add(msid.trackId()));
            }
        }
        return out;
    }

    @Test
    void simulcastTracksAreAnnouncedWithTheirLayersLowestFirst() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
            bob.join("simulcast-info", "bob");
            alice.join("simulcast-info", "alice");
            List<JsonNode> own = publishSimulcast(alice);
            assertEquals("{\"kind\":\"audio\",\"source\":\"microphone\",\"muted\":false,\"simulcast\":false,\"layers\":[]}",
                    withoutId(own.get(0)));
            assertEquals("{\"kind\":\"video\",\"source\":\"camera\",\"muted\":false,\"simulcast\":true,\"layers\":[\"q\",\"h\",\"f\"]}",
                    withoutId(own.get(1)));
            JsonNode seen = bob.await(m -> m.path("type").asText().equals("track-published")
                    && m.path("track").path("kind").asText().equals("video"), Duration.ofSeconds(5));
            assertEquals(own.get(1), seen.path("track"));
            try (JsonSocket carol = new JsonSocket(server.httpPort())) {
                carol.send("{\"type\":\"join\",\"room\":\"simulcast-info\",\"name\":\"carol\"}");
                JsonNode joined = carol.awaitType("joined");
                JsonNode aliceTracks = null;
                for (JsonNode p : joined.path("participants")) {
                    if (p.path("name").asText().equals("alice")) aliceTracks = p.path("tracks");
                }
                assertEquals(own.get(1), aliceTracks.get(1), joined.toString());
            }
        }
    }

    private static String withoutId(JsonNode track) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = track.deepCopy();
        copy.remove("id");
        return Json.write(copy);
    }

    @Test
    void withoutAutoSubscribeOnlySubscribedTracksAreOffered() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
            alice.join("picky", "alice");
            List<JsonNode> tracks = publishSimulcast(alice);
            String audio = tracks.get(0).path("id").asText();
            String video = tracks.get(1).path("id").asText();
            bob.send("{\"type\":\"join\",\"room\":\"picky\",\"name\":\"bob\",\"autoSubscribe\":false}");
            assertEquals(2, bob.awaitType("joined").path("participants").get(0).path("tracks").size());
            assertNull(bob.poll(Duration.ofMillis(300)), "no subscriber offer without subscribe");

            assertEquals("unknown-track", errorCodeFor(bob,
                    "{\"type\":\"update-subscription\",\"trackId\":\"" + video + "\",\"maxHeight\":360}"),
                    "a track bob does not receive");
            bob.send("{\"type\":\"subscribe\",\"trackIds\":[\"" + video + "\"]}");
            JsonNode offer = bob.awaitType("offer");
            assertEquals(List.of(video), activeMsidTracks(offer));
            // Receiving it now: preferences are taken (no error), before and after the answer alike.
            bob.send("{\"type\":\"update-subscription\",\"trackId\":\"" + video + "\",\"maxHeight\":360,\"paused\":true}");
            bob.send("{\"type\":\"subscribe\",\"trackIds\":[\"" + video + "\"]}");
            assertNull(bob.poll(Duration.ofMillis(300)), "nothing new: already subscribed, preferences accepted");
            // The audio track, not subscribed, can be subscribed next; unsubscribing the video ends its section (the
            // offer waits for bob's answer to the first one, which this raw socket never sends).
            bob.send("{\"type\":\"unsubscribe\",\"trackIds\":[\"" + video + "\"]}");
            bob.send("{\"type\":\"subscribe\",\"trackIds\":[\"" + audio + "\"]}");
            assertNull(bob.poll(Duration.ofMillis(300)), "no error, and no offer before the answer");
        }
    }

    @Test
    void subscriberControlErrors() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
            assertEquals("not-joined", errorCodeFor(bob, "{\"type\":\"subscribe\",\"trackIds\":[\"TR_x\"]}"));
            assertEquals("not-joined", errorCodeFor(bob, "{\"type\":\"update-subscription\",\"trackId\":\"TR_x\"}"));
            assertEquals("bad-message", errorCodeFor(bob, "{\"type\":\"join\",\"room\":\"ctl\",\"autoSubscribe\":\"no\"}"));
            alice.join("ctl", "alice");
            String video = publishSimulcast(alice).get(1).path("id").asText();
            bob.send("{\"type\":\"join\",\"room\":\"ctl\",\"name\":\"bob\",\"autoSubscribe\":false}");
            bob.awaitType("joined");
            String[][] cases = {
                {"{\"type\":\"update-subscription\",\"trackId\":\"TR_nope\"}", "unknown-track"},
                {"{\"type\":\"update-subscription\",\"trackId\":\"" + video + "\",\"maxHeight\":9000}", "bad-message"},
                {"{\"type\":\"update-subscription\",\"trackId\":\"" + video + "\",\"paused\":\"yes\"}", "bad-message"},
                {"{\"type\":\"update-subscription\",\"maxHeight\":360}", "bad-message"},
                {"{\"type\":\"subscribe\",\"trackIds\":[]}", "bad-message"},
                {"{\"type\":\"subscribe\"}", "bad-message"},
                {"{\"type\":\"subscribe\",\"trackIds\":[\"TR_nope\"]}", "unknown-track"},
                {"{\"type\":\"subscribe\",\"trackIds\":[\"" + video + "\",\"TR_nope\"]}", "unknown-track"},
                {"{\"type\":\"subscribe\",\"trackIds\":[\"TR_1\",\"TR_2\",\"TR_3\"]}", "bad-message"},
                {"{\"type\":\"unsubscribe\",\"trackIds\":[\"TR_nope\"]}", "unknown-track"},
            };
            for (String[] c : cases) assertEquals(c[1], errorCodeFor(bob, c[0]), c[0]);
            assertNull(bob.poll(Duration.ofMillis(300)), "no offer after refused subscribes (all or nothing)");
            // A publisher cannot subscribe to its own track.
            assertEquals("unknown-track", errorCodeFor(alice, "{\"type\":\"subscribe\",\"trackIds\":[\"" + video + "\"]}"));
        }
    }
}

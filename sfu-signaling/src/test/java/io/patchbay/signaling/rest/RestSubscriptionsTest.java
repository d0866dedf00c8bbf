package io.patchbay.signaling.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.signaling.support.JsonSocket;
import io.patchbay.signaling.support.LoopbackServer;
import io.patchbay.signaling.ws.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST .../participants/{id}/subscriptions}: a backend subscribes a participant that joined without
 * autoSubscribe; {@code POST .../participants/{id}/pins}: a backend pins participants for one subscriber.
 */
class RestSubscriptionsTest {
    @RegisterExtension
    static final LoopbackServer SERVER = new LoopbackServer();

    @Test
    void backendSubscribesAndTheParticipantGetsAnOffer() throws Exception {
        Http http = new Http(SERVER.httpPort());
        try (JsonSocket alice = new JsonSocket(SERVER.httpPort()); JsonSocket bob = new JsonSocket(SERVER.httpPort())) {
            alice.join("rest-subs", "alice");
            try (InputStream in = RestSubscriptionsTest.class.getResourceAsStream("/sdp/simulcast-offer.sdp")) {
                alice.send(Json.write(Json.object().put("type", "offer").put("pc", "publisher")
                        .put("sdp", new String(in.readAllBytes(), StandardCharsets.UTF_8))));
            }
            String video = alice.await(m -> m.path("type").asText().equals("track-published")
                    && m.path("track").path("kind").asText().equals("video"), Duration.ofSeconds(5)).path("track").path("id").asText();
            bob.send("{\"type\":\"join\",\"room\":\"rest-subs\",\"name\":\"bob\",\"autoSubscribe\":false}");
            String bobId = bob.awaitType("joined").path("participantId").asText();
            String path = "/api/v1/rooms/rest-subs/participants/" + bobId + "/subscriptions";

            assertEquals("invalid-field", http.post(path, "{}").errorCode());
            assertEquals("invalid-field", http.post(path, "{\"subscribe\":\"" + video + "\"}").errorCode());
            assertEquals("invalid-field", http.post(path, "{\"subscribe\":[],\"other\":1}").errorCode());
            assertEquals("track-not-found", http.post(path, "{\"subscribe\":[\"" + video + "\",\"TR_nope\"]}").errorCode());
            assertEquals("participant-not-found", http.post("/api/v1/rooms/rest-subs/participants/PA_nope/subscriptions",
                    "{\"subscribe\":[\"" + video + "\"]}").errorCode());
            assertNull(bob.poll(Duration.ofMillis(300)), "nothing changed for bob");

            assertEquals(204, http.post(path, "{\"subscribe\":[\"" + video + "\"]}").status());
            JsonNode offer = bob.awaitType("offer");
            assertTrue(offer.path("sdp").asText().contains(" " + video + "\r\n"), offer.toString());
        }
    }

    @Test
    void backendPinsOtherParticipantsOfTheRoomOnly() throws Exception {
        Http http = new Http(SERVER.httpPort());
        try (JsonSocket alice = new JsonSocket(SERVER.httpPort()); JsonSocket bob = new JsonSocket(SERVER.httpPort())) {
            String aliceId = alice.join("rest-pins", "alice");
            String bobId = bob.join("rest-pins", "bob");
            String path = "/api/v1/rooms/rest-pins/participants/" + bobId + "/pins";

            assertEquals("invalid-field", http.post(path, "{}").errorCode());
            assertEquals("invalid-field", http.post(path, "{\"participantIds\":\"" + aliceId + "\"}").errorCode());
            assertEquals("invalid-field", http.post(path, "{\"participantIds\":[],\"other\":1}").errorCode());
            StringBuilder seventeen = new StringBuilder("{\"participantIds\":[\"PA_x\"");
            for (int i = 0; i < 16; i++) seventeen.append(",\"PA_").append(i).append('"');
            assertEquals("invalid-field", http.post(path, seventeen + "]}").errorCode());
            assertEquals("participant-not-found", http.post(path, "{\"participantIds\":[\"" + aliceId
                    + "\",\"PA_nope\"]}").errorCode());
            assertEquals("participant-not-found", http.post(path, "{\"participantIds\":[\"" + bobId + "\"]}").errorCode(),
                    "itself");
            assertEquals("participant-not-found", http.post("/api/v1/rooms/rest-pins/participants/PA_nope/pins",
                    "{\"participantIds\":[]}").errorCode());
            assertEquals("room-not-found", http.post("/api/v1/rooms/nope/participants/" + bobId + "/pins",
                    "{\"participantIds\":[]}").errorCode());

            assertEquals(204, http.post(path, "{\"participantIds\":[\"" + aliceId + "\"]}").status());
            assertEquals(204, http.post(path, "{\"participantIds\":[]}").status());
            // Nothing is said to bob: the reply to its next message is the next thing it hears.
            bob.send("{\"type\":\"get-stats\"}");
            assertEquals("stats", bob.await(m -> true, Duration.ofSeconds(5)).path("type").asText());
        }
    }
}

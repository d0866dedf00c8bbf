package io.patchbay.signaling.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.JsonSocket;
import io.patchbay.signaling.ws.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST .../participants/{id}/subscriptions}: a backend subscribes a participant that joined without autoSubscribe. */
class RestSubscriptionsTest {
    private static PatchbayServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void backendSubscribesAndTheParticipantGetsAnOffer() throws Exception {
        Http http = new Http(server.httpPort());
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
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
}

package io.patchbay.signaling.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.JsonSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST .../participants/{id}/pins}: a backend pins participants for one subscriber, as {@code pin} does. */
class RestPinsTest {
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
    void backendPinsOtherParticipantsOfTheRoomOnly() throws Exception {
        Http http = new Http(server.httpPort());
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
            String aliceId = alice.join("rest-pins", "alice");
            String bobId = bob.join("rest-pins", "bob");
            String path = "/api/v1/rooms/rest-pins/participants/" + bobId + "/pins";

            assertEquals("invalid-field", http.post(path, "{}").errorCode());
            assertEquals("invalid-field", http.post(path, "{\"participantIds\":\"" + aliceId + "\"}").errorCode());
            assertEquals("invalid-field", http.post(path, "{\"participantIds\":[],\"other\":1}").errorCode());
            StringBuilder many = new StringBuilder("{\"participantIds\":[\"PA_x\"");
            for (int i = 0; i < 16; i++) many.append(",\"PA_").append(i).append('"');
            assertEquals("invalid-field", http.post(path, many + "]}").errorCode());
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

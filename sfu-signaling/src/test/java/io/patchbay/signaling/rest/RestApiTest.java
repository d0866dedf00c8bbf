package io.patchbay.signaling.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.JsonSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The REST room-management API against a real server, with WebSocket participants where it affects them. */
class RestApiTest {
    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static PatchbayServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
        http = new Http(server.httpPort());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String uniqueRoom() {
        return "rest-" + ROOMS.incrementAndGet();
    }

    private static Http.Response create(String room, String extraFields) throws Exception {
        return http.post("/api/v1/rooms", "{\"name\":\"" + room + "\"" + extraFields + "}");
    }

    @Test
    void createdRoomIsReturnedListedAndKeptWhileEmpty() throws Exception {
        String room = uniqueRoom();
        Http.Response created = create(room, ",\"maxParticipants\":5,\"emptyTimeoutSeconds\":0,\"metadata\":\"m1\",\"lastN\":3");
        assertEquals(201, created.status());
        assertEquals(room, created.body().path("name").asText());
        assertEquals(5, created.body().path("maxParticipants").asInt());
        assertEquals(3, created.body().path("lastN").asInt());
        assertEquals(0, created.body().path("emptyTimeoutSeconds").asInt());
        assertEquals("m1", created.body().path("metadata").asText());
        assertTrue(created.body().path("keptWhenEmpty").asBoolean());
        assertFalse(created.body().path("e2ee").asBoolean(true), "not end-to-end encrypted unless asked");
        assertEquals(0, created.body().path("participants").size());

        JsonNode listed = find(http.get("/api/v1/rooms").body().path("rooms"), room);
        assertEquals(0, listed.path("participantCount").asInt());

        // A participant joins and leaves: the room stays.
        try (JsonSocket alice = new JsonSocket(server.httpPort())) {
            String aliceId = alice.join(room, "alice");
            JsonNode got = http.get("/api/v1/rooms/" + room).body();
            assertEquals(1, got.path("participantCount").asInt());
            assertEquals(aliceId, got.path("participants").get(0).path("id").asText());
            assertEquals("alice", got.path("participants").get(0).path("name").asText());
            assertEquals(1, find(http.get("/api/v1/rooms").body().path("rooms"), room).path("participantCount").asInt());
            alice.send("{\"type\":\"leave\"}");
            alice.awaitClosedByServer(Duration.ofSeconds(5));
        }
        Http.Response after = http.get("/api/v1/rooms/" + room);
        assertEquals(200, after.status());
        assertEquals(0, after.body().path("participantCount").asInt());

        assertEquals(204, http.delete("/api/v1/rooms/" + room).status());
        assertEquals("room-not-found", http.get("/api/v1/rooms/" + room).errorCode());
    }

    @Test
    void creatingAnExistingRoomIsAConflict() throws Exception {
        String room = uniqueRoom();
        assertEquals(201, create(room, "").status());
        Http.Response again = create(room, "");
        assertEquals(409, again.status());
        assertEquals("room-exists", again.errorCode());
        http.delete("/api/v1/rooms/" + room);
    }

    @Test
    void roomOpenedByJoinIsListedAndClosesWhenEmpty() throws Exception {
        String room = uniqueRoom();
        try (JsonSocket alice = new JsonSocket(server.httpPort())) {
            alice.join(room, "alice");
            JsonNode got = http.get("/api/v1/rooms/" + room).body();
            assertFalse(got.path("keptWhenEmpty").asBoolean());
            // Creating it through REST now is a conflict too.
            assertEquals(409, create(room, "").status());
            alice.send("{\"type\":\"leave\"}");
            alice.awaitClosedByServer(Duration.ofSeconds(5));
        }
        assertEquals(404, awaitStatus("/api/v1/rooms/" + room, 404).status());
    }

    @Test
    void emptyRoomIsRemovedAfterItsEmptyTimeout() throws Exception {
        String room = uniqueRoom();
        assertEquals(201, create(room, ",\"emptyTimeoutSeconds\":1").status());
        assertEquals(200, http.get("/api/v1/rooms/" + room).status());
        assertEquals("room-not-found", awaitStatus("/api/v1/rooms/" + room, 404).errorCode());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json|this is not json|400|bad-json",
        "empty body||400|bad-json",
        "array|[1,2]|400|bad-json",
        "no name|{\"maxParticipants\":3}|400|invalid-field",
        "name is a number|{\"name\":5}|400|invalid-field",
        "name with a slash|{\"name\":\"a/b\"}|400|invalid-room",
        "name too long|{\"name\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}|400|invalid-room",
        "empty name|{\"name\":\"\"}|400|invalid-room",
        "negative max|{\"name\":\"x1\",\"maxParticipants\":-1}|400|invalid-field",
        "max over the limit|{\"name\":\"x1\",\"maxParticipants\":10001}|400|invalid-field",
        "max is huge|{\"name\":\"x1\",\"maxParticipants\":99999999999999999999}|400|invalid-field",
        "max is fractional|{\"name\":\"x1\",\"maxParticipants\":1.5}|400|invalid-field",
        "lastN below -1|{\"name\":\"x1\",\"lastN\":-2}|400|invalid-field",
        "lastN over 64|{\"name\":\"x1\",\"lastN\":65}|400|invalid-field",
        "e2ee is text|{\"name\":\"x1\",\"e2ee\":\"yes\"}|400|invalid-field",
        "timeout is text|{\"name\":\"x1\",\"emptyTimeoutSeconds\":\"5\"}|400|invalid-field",
        "metadata is an object|{\"name\":\"x1\",\"metadata\":{}}|400|invalid-field",
        "unknown field|{\"name\":\"x1\",\"maxParticipant\":3}|400|invalid-field",
        "deeply nested|[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]|400|bad-json",
    })
    void badCreateRequestsGetTypedErrors(String name, String body, int status, String code) throws Exception {
        Http.Response r = http.post("/api/v1/rooms", body == null ? "" : body);
        assertEquals(status, r.status(), r.body().toString());
        assertEquals(code, r.errorCode());
        assertFalse(r.body().path("error").path("message").asText().isEmpty());
    }

    @Test
    void bodyOverTheLimitIsRejected() throws Exception {
        String big = "{\"name\":\"x1\",\"metadata\":\"" + "a".repeat(RestApi.MAX_BODY_BYTES) + "\"}";
        Http.Response r = http.post("/api/v1/rooms", big);
        assertEquals(413, r.status());
        assertEquals("body-too-large", r.errorCode());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "GET|/api/v1/rooms/nope|404|room-not-found",
        "DELETE|/api/v1/rooms/nope|404|room-not-found",
        "GET|/api/v1/rooms/nope/participants|404|room-not-found",
        "GET|/api/v1/rooms/nope/participants/PA_x|404|room-not-found",
        "DELETE|/api/v1/rooms/nope/participants/PA_x|404|room-not-found",
        "GET|/api/v1/rooms/bad%20name|400|invalid-room",
        "GET|/api/v1/rooms/bad.name|400|invalid-room",
        "GET|/api/v1/nothing-here|404|not-found",
        "PUT|/api/v1/rooms|405|method-not-allowed",
        "PATCH|/api/v1/rooms/x|405|method-not-allowed",
    })
    void unknownResourcesAreJsonErrors(String method, String path, int status, String code) throws Exception {
        Http.Response r = http.send(method, path, null);
        assertEquals(status, r.status(), r.body().toString());
        assertEquals(code, r.errorCode());
    }

    @Test
    void unknownParticipantAndTrackAreNotFound() throws Exception {
        String room = uniqueRoom();
        create(room, "");
        try (JsonSocket alice = new JsonSocket(server.httpPort())) {
            String aliceId = alice.join(room, "alice");
            String base = "/api/v1/rooms/" + room + "/participants/";
            assertEquals("participant-not-found", http.get(base + "PA_nobody").errorCode());
            assertEquals("participant-not-found", http.delete(base + "PA_nobody").errorCode());
            assertEquals("participant-not-found", http.post(base + "PA_nobody/tracks/TR_x/mute", "{\"muted\":true}").errorCode());
            Http.Response track = http.post(base + aliceId + "/tracks/TR_none/mute", "{\"muted\":true}");
            assertEquals(404, track.status());
            assertEquals("track-not-found", track.errorCode());
            assertEquals("invalid-field", http.post(base + aliceId + "/tracks/TR_none/mute", "{\"muted\":1}").errorCode());
            assertEquals("bad-json", http.post(base + aliceId + "/tracks/TR_none/mute", "{").errorCode());

            Http.Response one = http.get(base + aliceId);
            assertEquals(200, one.status());
            assertEquals("alice", one.body().path("name").asText());
            JsonNode list = http.get("/api/v1/rooms/" + room + "/participants").body().path("participants");
            assertEquals(1, list.size());
            assertEquals(aliceId, list.get(0).path("id").asText());
        }
        http.delete("/api/v1/rooms/" + room);
    }

    @Test
    void kickedParticipantGetsRemovedAndOthersSeeItLeave() throws Exception {
        String room = uniqueRoom();
        create(room, "");
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
            String aliceId = alice.join(room, "alice");
            bob.join(room, "bob");
            assertEquals(204, http.delete("/api/v1/rooms/" + room + "/participants/" + aliceId).status());

            JsonNode error = alice.awaitType("error");
            assertEquals("removed", error.path("code").asText());
            alice.awaitClosedByServer(Duration.ofSeconds(5));
            assertEquals(aliceId, bob.awaitType("participant-left").path("participantId").asText());
            assertEquals(1, http.get("/api/v1/rooms/" + room).body().path("participantCount").asInt());
            assertEquals("participant-not-found",
                    http.get("/api/v1/rooms/" + room + "/participants/" + aliceId).errorCode());
        }
        http.delete("/api/v1/rooms/" + room);
    }

    @Test
    void deletedRoomDisconnectsEveryone() throws Exception {
        String room = uniqueRoom();
        List<JsonSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                JsonSocket s = new JsonSocket(server.httpPort());
                sockets.add(s);
                s.join(room, "p" + i);
            }
            assertEquals(204, http.delete("/api/v1/rooms/" + room).status());
            for (JsonSocket s : sockets) {
                assertEquals("room-closed", s.awaitType("error").path("code").asText());
                s.awaitClosedByServer(Duration.ofSeconds(5));
            }
            assertEquals(404, http.get("/api/v1/rooms/" + room).status());
            // The name is free again.
            assertEquals(201, create(room, "").status());
            http.delete("/api/v1/rooms/" + room);
        } finally {
            sockets.forEach(JsonSocket::close);
        }
    }

    @Test
    void joinOverMaxParticipantsIsRoomFull() throws Exception {
        String room = uniqueRoom();
        create(room, ",\"maxParticipants\":2");
        try (JsonSocket a = new JsonSocket(server.httpPort()); JsonSocket b = new JsonSocket(server.httpPort());
             JsonSocket c = new JsonSocket(server.httpPort())) {
            a.join(room, "a");
            b.join(room, "b");
            c.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"c\"}");
            assertEquals("room-full", c.awaitType("error").path("code").asText());
            assertEquals(2, http.get("/api/v1/rooms/" + room).body().path("participantCount").asInt());
            // Once someone leaves, there is room again.
            a.send("{\"type\":\"leave\"}");
            a.awaitClosedByServer(Duration.ofSeconds(5));
            c.join(room, "c");
        }
        http.delete("/api/v1/rooms/" + room);
    }

    @Test
    void openApiDocumentIsServed() throws Exception {
        Http.Response r = http.get("/api/v1/openapi.json");
        assertEquals(200, r.status());
        assertTrue(r.body().path("openapi").asText().startsWith("3."));
    }

    private static JsonNode find(JsonNode rooms, String name) {
        for (JsonNode r : rooms) {
            if (name.equals(r.path("name").asText())) return r;
        }
        throw new AssertionError("room " + name + " not in " + rooms);
    }

    /** Polls until {@code path} answers {@code status} (the room registry changes asynchronously to the caller). */
    private static Http.Response awaitStatus(String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            Http.Response r = http.get(path);
            if (r.status() == status || System.nanoTime() > deadline) return r;
            Thread.sleep(20);
        }
    }
}

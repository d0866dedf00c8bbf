package io.patchbay.signaling.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.core.config.PatchbayConfig.ApiKey;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.JsonSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Access control against the real server started with two API keys (the second one for rotation). */
class AccessControlTest {
    private static final ApiKey KEY1 = new ApiKey("key-new", "first-secret-0123456789abcdef0123456789");
    private static final ApiKey KEY2 = new ApiKey("key-old", "second-secret-0123456789abcdef012345678");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PatchbayServer server;
    private static Vertx vertx;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0).withMediaPort(0)
                .withBindAddresses(List.of("127.0.0.1")).withApiKeys(List.of(KEY1, KEY2)));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (vertx != null) vertx.close();
    }

    // ---- tokens minted here, with vertx-auth-jwt ----

    private static String sign(ApiKey key, JsonObject claims) {
        JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
                new PubSecKeyOptions().setAlgorithm("HS256").setId(key.key()).setBuffer(key.secret())));
        return auth.generateToken(claims, new JWTOptions().setAlgorithm("HS256")
                .setHeader(new JsonObject().put("kid", key.key())));
    }

    private static long in(long seconds) {
        return System.currentTimeMillis() / 1000 + seconds;
    }

    private static JsonObject join(String identity, String room, String name) {
        JsonObject c = new JsonObject().put("sub", identity).put("room", room).put("exp", in(600));
        if (name != null) c.put("name", name);
        return c;
    }

    private static String admin() {
        return sign(KEY1, new JsonObject().put("sub", "backend").put("roomAdmin", true).put("exp", in(600)));
    }

    private static String joinMessage(String room, String token) {
        return "{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"from-message\""
                + (token == null ? "" : ",\"token\":\"" + token + "\"") + "}";
    }

    private static void assertRejected(String room, String token) throws Exception {
        try (JsonSocket ws = new JsonSocket(server.httpPort())) {
            ws.send(joinMessage(room, token));
            JsonNode error = ws.awaitType("error");
            assertEquals("unauthorized", error.path("code").asText(), error.toString());
            ws.awaitClosedByServer(TIMEOUT);
        }
    }

    // ---- WebSocket join ----

    @Test
    void joinWithoutTokenIsUnauthorizedAndClosed() throws Exception {
        assertRejected("auth-a", null);
    }

    @Test
    void tokenForAnotherRoomIsUnauthorized() throws Exception {
        assertRejected("auth-a", sign(KEY1, join("alice", "auth-b", "Alice")));
    }

    @Test
    void expiredTokenIsUnauthorized() throws Exception {
        assertRejected("auth-a", sign(KEY1, join("alice", "auth-a", "Alice").put("exp", in(-120))));
    }

    @Test
    void tokenWithoutExpiryIsUnauthorized() throws Exception {
        JsonObject claims = join("alice", "auth-a", "Alice");
        claims.remove("exp");
        assertRejected("auth-a", sign(KEY1, claims));
    }

    @Test
    void clocksMayDisagreeByThirtySeconds() throws Exception {
        // The backend's clock runs 20 s ahead (iat in our future) or behind (exp 20 s in our past): accepted.
        for (JsonObject claims : List.of(join("alice", "auth-skew", null).put("iat", in(20)),
                join("alice", "auth-skew", null).put("exp", in(-20)))) {
            try (JsonSocket ws = new JsonSocket(server.httpPort())) {
                ws.send(joinMessage("auth-skew", signKeepingIat(KEY1, claims)));
                JsonNode reply = ws.await(m -> m.path("type").asText().equals("joined")
                        || m.path("type").asText().equals("error"), TIMEOUT);
                assertEquals("joined", reply.path("type").asText(), claims + " -> " + reply);
            }
        }
        assertRejected("auth-a", signKeepingIat(KEY1, join("alice", "auth-a", null).put("exp", in(-90))));
    }

    /** As {@link #sign}, but the token keeps the claims' own {@code iat} (vertx-auth-jwt adds "now" otherwise). */
    private static String signKeepingIat(ApiKey key, JsonObject claims) {
        JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
                new PubSecKeyOptions().setAlgorithm("HS256").setId(key.key()).setBuffer(key.secret())));
        return auth.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true)
                .setHeader(new JsonObject().put("kid", key.key())));
    }

    @Test
    void wrongSecretIsUnauthorized() throws Exception {
        assertRejected("auth-a", sign(new ApiKey(KEY1.key(), "not-the-secret-0123456789abcdef0123"), join("alice", "auth-a", null)));
        assertRejected("auth-a", sign(new ApiKey("unknown-key", "not-the-secret-0123456789abcdef0123"), join("alice", "auth-a", null)));
    }

    @Test
    void garbageTokenIsUnauthorized() throws Exception {
        assertRejected("auth-a", "not.a.jwt");
    }

    @Test
    void validTokenJoinsWithTheTokensName() throws Exception {
        try (JsonSocket ws = new JsonSocket(server.httpPort())) {
            ws.send(joinMessage("auth-ok", sign(KEY1, join("alice", "auth-ok", "Alice"))));
            JsonNode joined = ws.awaitType("joined");
            assertEquals("auth-ok", joined.path("room").asText(), joined.toString());
            String participants = get("/api/v1/rooms/auth-ok/participants", admin()).body();
            assertTrue(participants.contains("\"Alice\""), participants);
            assertFalse(participants.contains("from-message"), participants);
        }
    }

    @Test
    void tokenSignedWithTheSecondKeyIsAccepted() throws Exception {
        try (JsonSocket ws = new JsonSocket(server.httpPort())) {
            ws.send(joinMessage("auth-rot", sign(KEY2, join("bob", "auth-rot", "Bob"))));
            ws.awaitType("joined");
        }
    }

    @Test
    void subscribeOnlyTokenCannotPublish() throws Exception {
        try (JsonSocket ws = new JsonSocket(server.httpPort())) {
            ws.send(joinMessage("auth-sub", sign(KEY1, join("carol", "auth-sub", "Carol").put("canPublish", false))));
            ws.awaitType("joined");
            ws.send("{\"type\":\"offer\",\"pc\":\"publisher\",\"sdp\":\"v=0\"}");
            JsonNode error = ws.awaitType("error");
            assertEquals("forbidden", error.path("code").asText(), error.toString());
        }
    }

    // ---- REST ----

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).timeout(TIMEOUT);
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).timeout(TIMEOUT)
                .header("content-type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertUnauthorized(HttpResponse<String> r) throws Exception {
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("unauthorized", JSON.readTree(r.body()).path("error").path("code").asText(), r.body());
    }

    @Test
    void restNeedsAnAdminToken() throws Exception {
        assertUnauthorized(get("/api/v1/rooms", null));
        assertUnauthorized(get("/api/v1/rooms", sign(KEY1, join("alice", "auth-a", null))));
        assertUnauthorized(get("/api/v1/rooms", sign(KEY1, new JsonObject().put("roomAdmin", true).put("exp", in(-60)))));
        assertUnauthorized(post("/api/v1/rooms", null, "{\"name\":\"auth-rest\"}"));
        assertEquals(200, get("/api/v1/rooms", admin()).statusCode());
        assertEquals(200, get("/api/v1/rooms", sign(KEY2, new JsonObject().put("roomAdmin", true).put("exp", in(60)))).statusCode());
        assertEquals(201, post("/api/v1/rooms", admin(), "{\"name\":\"auth-rest\"}").statusCode());
        assertEquals(200, get("/api/v1/openapi.json", null).statusCode());
    }

    @Test
    void metricsNeedTheAdminTokenAndForgeableBodiesAreRefused() throws Exception {
        assertEquals(401, get("/metrics", null).statusCode());
        assertEquals(401, get("/metrics", sign(KEY1, join("alice", "auth-a", null))).statusCode());
        HttpResponse<String> scraped = get("/metrics", admin());
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.body().contains("patchbay_rooms"), scraped.body());
        // What a web page can make a visitor's browser send cross-origin without a preflight: a text/plain body.
        HttpRequest.Builder forged = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                + "/api/v1/rooms")).header("content-type", "text/plain").header("authorization", "Bearer " + admin());
        HttpResponse<String> r = HTTP.send(forged.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"forged\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, r.statusCode(), r.body());
        assertEquals(404, get("/api/v1/rooms/forged", admin()).statusCode(), "the forged room was not created");
    }

    @Test
    void aSecondJoinWithTheSameIdentityReplacesTheFirst() throws Exception {
        try (JsonSocket bob = new JsonSocket(server.httpPort()); JsonSocket first = new JsonSocket(server.httpPort());
             JsonSocket second = new JsonSocket(server.httpPort())) {
            bob.send(joinMessage("auth-dup", sign(KEY1, join("bob", "auth-dup", null))));
            bob.awaitType("joined");
            first.send(joinMessage("auth-dup", sign(KEY1, join("alice", "auth-dup", null))));
            String firstId = first.awaitType("joined").path("participantId").asText();
            second.send(joinMessage("auth-dup", sign(KEY1, join("alice", "auth-dup", null))));
            String secondId = second.awaitType("joined").path("participantId").asText();

            assertEquals("duplicate-identity", first.awaitType("error").path("code").asText());
            first.awaitClosedByServer(TIMEOUT);
            JsonNode left = bob.await(m -> m.path("type").asText().equals("participant-left")
                    && m.path("participantId").asText().equals(firstId), TIMEOUT);
            assertEquals("removed", left.path("reason").asText(), left.toString());
            JsonNode participants = JSON.readTree(get("/api/v1/rooms/auth-dup/participants", admin()).body());
            assertEquals(2, participants.path("participants").size(), participants.toString());
            assertTrue(participants.toString().contains(secondId), participants.toString());
        }
    }

    @Test
    void mintedTokenJoins() throws Exception {
        assertUnauthorized(post("/api/v1/tokens", null, "{\"identity\":\"dave\",\"room\":\"auth-mint\"}"));
        HttpResponse<String> r = post("/api/v1/tokens", admin(),
                "{\"identity\":\"dave\",\"room\":\"auth-mint\",\"name\":\"Dave\",\"ttlSeconds\":60,\"canPublish\":false}");
        assertEquals(200, r.statusCode(), r.body());
        String token = JSON.readTree(r.body()).path("token").asText();
        try (JsonSocket ws = new JsonSocket(server.httpPort())) {
            ws.send(joinMessage("auth-mint", token));
            JsonNode joined = ws.awaitType("joined");
            assertEquals("auth-mint", joined.path("room").asText());
            String participants = get("/api/v1/rooms/auth-mint/participants", admin()).body();
            assertTrue(participants.contains("\"Dave\""), participants);
            ws.send("{\"type\":\"offer\",\"pc\":\"publisher\",\"sdp\":\"v=0\"}");
            assertEquals("forbidden", ws.awaitType("error").path("code").asText());
        }
        assertRejected("auth-other", token);
    }
}

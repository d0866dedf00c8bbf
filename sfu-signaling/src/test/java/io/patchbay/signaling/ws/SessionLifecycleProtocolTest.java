package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.room.SessionTimeouts;
import io.patchbay.signaling.support.JsonSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Session lifecycle over the wire (docs/protocol.md): lost sockets are held for resume, resumed sessions keep their
 * participant id and tell nobody, expired or unknown tokens get {@code resume-failed}, and a session that is not
 * resumed leaves with reason {@code timeout}. Runs a server with short timeouts (resume window 2 s) so the expiry
 * paths take seconds, not the production 30 s.
 */
class SessionLifecycleProtocolTest {
    private static final SessionTimeouts SHORT = new SessionTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(20),
            Duration.ofSeconds(10), Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofSeconds(10));
    private static PatchbayServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpPort(0).withMediaPort(0)
                .withHttpHost("127.0.0.1").withBindAddresses(List.of("127.0.0.1")), SHORT);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static JsonNode join(JsonSocket socket, String room, String name) throws Exception {
        socket.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + name + "\"}");
        return socket.awaitType("joined");
    }

    private static JsonNode resume(JsonSocket socket, String room, String token) throws Exception {
        socket.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"reconnectToken\":\"" + token + "\"}");
        return socket.await(m -> m.path("type").asText().matches("joined|error"), Duration.ofSeconds(5));
    }

    @Test
    void joinedCarriesAReconnectTokenAndIsNotMarkedResumed() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort())) {
            JsonNode joined = join(alice, "tokens", "alice");
            assertTrue(joined.path("reconnectToken").asText().startsWith("rt_"));
            assertFalse(joined.has("resumed"));
        }
    }

    @Test
    void aDroppedSocketResumesWithTheSameIdAndTheOthersSeeNothing() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
            JsonNode joined = join(alice, "resume", "alice");
            String aliceId = joined.path("participantId").asText();
            join(bob, "resume", "bob");
            alice.awaitType("participant-joined");
            alice.drop();
            try (JsonSocket again = new JsonSocket(server.httpPort())) {
                JsonNode resumed = resume(again, "resume", joined.path("reconnectToken").asText());
                assertEquals("joined", resumed.path("type").asText(), resumed.toString());
                assertEquals(aliceId, resumed.path("participantId").asText());
                assertTrue(resumed.path("resumed").asBoolean());
                assertNotEquals(joined.path("reconnectToken").asText(), resumed.path("reconnectToken").asText(),
                        "a resumed session gets a new token");
                assertEquals(1, resumed.path("participants").size(), "the others are listed again");
                // Past the resume window: bob heard nothing about alice.
                JsonNode seen = bob.poll(Duration.ofMillis(2500));
                while (seen != null && !seen.path("type").asText().startsWith("participant-")) {
                    seen = bob.poll(Duration.ofMillis(200));
                }
                assertNull(seen, "bob must not hear about alice's lost socket");
                // And the resumed socket works.
                again.send("{\"type\":\"get-stats\"}");
                assertEquals("stats", again.awaitType("stats").path("type").asText());
            }
        }
    }

    @Test
    void aSocketThatIsNotResumedLeavesWithReasonTimeout() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
            JsonNode joined = join(alice, "expire", "alice");
            join(bob, "expire", "bob");
            long dropped = System.nanoTime();
            alice.drop();
            JsonNode left = bob.await(m -> m.path("type").asText().equals("participant-left"), Duration.ofSeconds(6));
            long afterMs = (System.nanoTime() - dropped) / 1_000_000;
            assertEquals(joined.path("participantId").asText(), left.path("participantId").asText());
            assertEquals("timeout", left.path("reason").asText());
            assertTrue(afterMs >= 2000, "held for the resume window, left after " + afterMs + " ms");
            try (JsonSocket late = new JsonSocket(server.httpPort())) {
                JsonNode r = resume(late, "expire", joined.path("reconnectToken").asText());
                assertEquals("resume-failed", r.path("code").asText(), r.toString());
            }
            String metrics = scrape();
            assertTrue(metric(metrics, "patchbay_participants_left_total{reason=\"timeout\"}") >= 1, metrics);
            assertTrue(metric(metrics, "patchbay_sessions_sockets_lost_total") >= 1);
            assertTrue(metric(metrics, "patchbay_sessions_resume_failures_total") >= 1);
        }
    }

    private static String scrape() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private static double metric(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1).trim());
        }
        return Double.NaN;
    }

    @Test
    void anUnknownTokenFailsAndTheSocketCanStillJoin() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket carol = new JsonSocket(server.httpPort())) {
            join(alice, "unknown", "alice");
            JsonNode r = resume(carol, "unknown", "rt_not-a-real-token");
            assertEquals("resume-failed", r.path("code").asText(), r.toString());
            JsonNode joined = join(carol, "unknown", "carol");
            assertFalse(joined.path("resumed").asBoolean());
        }
    }

    @Test
    void resumingWhileTheOldSocketIsOpenTakesTheSessionOver() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
            JsonNode joined = join(alice, "takeover", "alice");
            join(bob, "takeover", "bob");
            alice.awaitType("participant-joined");
            try (JsonSocket again = new JsonSocket(server.httpPort())) {
                JsonNode resumed = resume(again, "takeover", joined.path("reconnectToken").asText());
                assertTrue(resumed.path("resumed").asBoolean(), resumed.toString());
                alice.awaitClosedByServer(Duration.ofSeconds(5));
                JsonNode seen = bob.poll(Duration.ofMillis(500));
                assertNull(seen, "the takeover is invisible to the others: " + seen);
            }
        }
    }

    @Test
    void restartIceBeforeTheSubscriberConnectionExistsIsABadState() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort())) {
            join(alice, "restart-early", "alice");
            alice.send("{\"type\":\"restart-ice\",\"pc\":\"subscriber\"}");
            assertEquals("bad-state", alice.awaitType("error").path("code").asText());
            alice.send("{\"type\":\"restart-ice\",\"pc\":\"publisher\"}");
            assertEquals("bad-message", alice.awaitType("error").path("code").asText());
        }
    }

    @Test
    void theServerPingsTheSocket() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort())) {
            join(alice, "pings", "alice");
            assertTrue(alice.awaitPing(Duration.ofSeconds(3)), "a ping frame within 3 ping intervals");
        }
    }
}

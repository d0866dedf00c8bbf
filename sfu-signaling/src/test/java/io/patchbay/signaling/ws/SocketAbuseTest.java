package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.room.SessionTimeouts;
import io.patchbay.signaling.support.JsonSocket;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sockets that misbehave over time: one that never joins is closed at the join deadline, and one that floods gets
 * {@code rate-limited} once and is then cut (1008), while two joined participants notice nothing and {@code /health}
 * keeps answering. (Before, neither was ever closed: 20 such sockets grew the server by gigabytes.)
 */
class SocketAbuseTest {
    private static final Duration JOIN_DEADLINE = Duration.ofSeconds(1);
    private static PatchbayServer server;

    @BeforeAll
    static void start() throws Exception {
        SessionTimeouts d = SessionTimeouts.DEFAULTS;
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpPort(0).withMediaPort(0)
                        .withHttpHost("127.0.0.1").withBindAddresses(List.of("127.0.0.1")),
                new SessionTimeouts(d.resumeWindow(), d.mediaSilence(), d.transportFailureGrace(), d.pingInterval(),
                        d.socketIdle(), JOIN_DEADLINE));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void aSocketThatNeverJoinsIsClosedAtTheJoinDeadline() throws Exception {
        try (JsonSocket idle = new JsonSocket(server.httpPort())) {
            long start = System.nanoTime();
            JsonNode error = idle.awaitType("error");
            idle.awaitClosedByServer(Duration.ofSeconds(5));
            double ms = (System.nanoTime() - start) / 1e6;
            assertAll(
                    () -> assertEquals("join-timeout", error.path("code").asText(), error.toString()),
                    () -> assertEquals(1008, idle.closeCode),
                    // Measured from when the client saw its socket open, after the server's timer started: on a
                    // loaded machine that can be a few hundred ms later (878 ms seen for a 1 s deadline).
                    () -> assertTrue(ms >= JOIN_DEADLINE.toMillis() / 2 && ms < 4_000, "closed after " + ms + " ms"));
        }
    }

    @Test
    void aFloodingSocketIsRateLimitedThenCutWhileOthersAreUndisturbed() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort());
             JsonSocket mallory = new JsonSocket(server.httpPort())) {
            alice.join("flood", "alice");
            bob.join("flood", "bob");
            alice.awaitType("participant-joined");
            int sent = 0;
            long floodStart = System.nanoTime();
            try {
                while (!mallory.closedByServer && sent < 5_000) {
                    mallory.send("x");
                    sent++;
                }
            } catch (Exception e) {
                // the server cut the connection while we were sending
            }
            mallory.awaitClosedByServer(Duration.ofSeconds(5));
            double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
            // What the server may answer: the burst, plus the sustained rate over the flood.
            long allowed = MessageRateLimiter.BURST + (long) Math.ceil(floodSeconds * MessageRateLimiter.MESSAGES_PER_SECOND);
            int rateLimited = 0;
            int badJson = 0;
            JsonNode m;
            while ((m = mallory.poll(Duration.ofMillis(200))) != null) {
                if (m.path("code").asText().equals("rate-limited")) rateLimited++;
                if (m.path("code").asText().equals("bad-json")) badJson++;
            }
            System.out.printf("[flood] %d frames sent before the cut; %d bad-json errors, %d rate-limited%n", sent,
                    badJson, rateLimited);
            int answered = badJson;
            int limited = rateLimited;
            int frames = sent;
            assertAll(
                    () -> assertEquals(1008, mallory.closeCode),
                    () -> assertTrue(limited >= 1 && limited <= allowed - MessageRateLimiter.BURST + 1,
                            limited + " rate-limited errors (one per run of refusals)"),
                    () -> assertTrue(answered <= allowed, answered + " frames answered, at most " + allowed),
                    () -> assertTrue(frames < 5_000, "never cut (" + frames + " frames sent)"),
                    () -> assertNull(alice.poll(Duration.ofMillis(300)), "alice is not disturbed"),
                    () -> assertEquals(200, healthStatus()));
        }
    }

    private static int healthStatus() throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.httpPort() + "/health")
                .toURL().openConnection();
        c.setReadTimeout(1_000);
        return c.getResponseCode();
    }
}

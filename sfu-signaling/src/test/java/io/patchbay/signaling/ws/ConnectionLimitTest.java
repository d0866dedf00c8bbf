package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.room.SessionTimeouts;
import io.patchbay.signaling.support.JsonSocket;
import io.patchbay.signaling.support.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connections per client address (docs/operations.md, Limits and abuse): with a limit of three, a fourth connection
 * from 127.0.0.1 gets 429 {@code too-many-connections} for its WebSocket upgrade and is closed, while the three open
 * sockets keep working; a closed socket gives its place back.
 */
class ConnectionLimitTest {
    private static final int LIMIT = 3;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    private PatchbayServer server;

    @BeforeEach
    void start() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpPort(0).withMediaPort(0)
                        .withHttpHost("127.0.0.1").withBindAddresses(List.of("127.0.0.1")),
                SessionTimeouts.DEFAULTS, SignalingLimits.DEFAULTS.withConnectionsPerIp(LIMIT));
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void anUpgradeOverThePerAddressLimitGets429WhileTheOpenSocketsKeepWorking() throws Exception {
        int port = server.httpPort();
        try (JsonSocket alice = new JsonSocket(port); JsonSocket bob = new JsonSocket(port)) {
            JsonSocket third = new JsonSocket(port);
            alice.join("conn", "alice");

            String refused = Metrics.exchange(port, UPGRADE);
            JsonNode body = Json.MAPPER.readTree(refused.substring(refused.indexOf("\r\n\r\n") + 4));
            bob.join("conn", "bob");
            JsonNode joined = alice.awaitType("participant-joined");
            assertAll(
                    () -> assertTrue(refused.startsWith("HTTP/1.1 429"), refused),
                    () -> assertEquals("too-many-connections", body.path("error").path("code").asText(), refused),
                    () -> assertTrue(body.path("error").path("message").asText().contains("more than " + LIMIT),
                            refused),
                    () -> assertEquals("bob", joined.path("participant").path("name").asText(),
                            "the open sockets keep working"));

            third.close();
            JsonSocket fourth = retry(() -> new JsonSocket(port));
            fourth.join("conn", "dave");
            fourth.close();
        }
        String scrape = retry(() -> Metrics.scrape(port));
        assertTrue(Metrics.value(scrape, "patchbay_connections_refused_total{reason=\"per-ip\"}") >= 1, scrape);
    }

    /**
     * The server frees a closed connection's place when it sees the close, which the client cannot observe: try
     * again until it works.
     */
    private static <T> T retry(Callable<T> attempt) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return attempt.call();
            } catch (Exception e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.onSpinWait();
            }
        }
    }
}

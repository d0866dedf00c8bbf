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
import io.patchbay.signaling.support.RawWebSocket;
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
     * Places come back however a WebSocket ends: the server closing it (a compressed frame), the client resetting
     * it, the client closing it without a close frame. Before, only a close frame from the client gave it back, so
     * every socket the server cut kept its place and the address was soon refused for good.
     */
    @Test
    void socketsTheServerCutsOrTheClientDropsGiveTheirPlacesBack() throws Exception {
        int port = server.httpPort();
        for (int round = 0; round < 3; round++) {
            RawWebSocket bomb = new RawWebSocket(port);
            assertTrue(bomb.handshakeResponse().startsWith("HTTP/1.1 101"), bomb.handshakeResponse());
            bomb.sendText(RawWebSocket.deflatedZeros(1024 * 1024), true);
            assertTrue(bomb.closedOrCloseFrame(5_000), "the server kept the compressed-frame socket");
            bomb.close();
            RawWebSocket reset = new RawWebSocket(port);
            reset.abort();
            RawWebSocket dropped = new RawWebSocket(port);
            dropped.close();
        }
        // Nine sockets came and went on a limit of three: all three places must be free again.
        List<JsonSocket> sockets = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) sockets.add(retry(() -> new JsonSocket(port)));
            sockets.get(LIMIT - 1).join("places", "last");
        } finally {
            for (JsonSocket s : sockets) s.close();
        }
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

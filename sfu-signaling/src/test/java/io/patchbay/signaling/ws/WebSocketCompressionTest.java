package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.RawWebSocket;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket decompression bomb: with permessage-deflate (RFC 7692) negotiated, the message size limit applies
 * after inflating, so one ~50 KB frame inflating to 50 MB per socket took the server's memory up by hundreds of MB
 * from unauthenticated sockets. The server must not negotiate compression at all, and a compressed frame sent anyway
 * (RSV1 set) ends that connection without being inflated, while the server keeps answering.
 */
class WebSocketCompressionTest {
    private static final int INFLATED_BYTES = 50 * 1024 * 1024;
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

    @Test
    void compressionIsNotNegotiatedAndACompressedFrameEndsTheConnection() throws Exception {
        try (RawWebSocket socket = new RawWebSocket(server.httpPort())) {
            String response = socket.handshakeResponse();
            assertTrue(response.startsWith("HTTP/1.1 101"), response);
            assertFalse(response.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions"),
                    "the server negotiated an extension: " + response);

            socket.sendText(RawWebSocket.deflatedZeros(INFLATED_BYTES), true);
            assertTrue(socket.closedOrCloseFrame(5_000), "the connection stayed open");
        }
        HttpURLConnection health = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.httpPort() + "/health")
                .toURL().openConnection();
        health.setReadTimeout(1_000);
        assertEquals(200, health.getResponseCode());
    }
}

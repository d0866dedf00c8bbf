package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
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
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            String key = Base64.getEncoder().encodeToString("patchbay-bomb-16".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                    + "Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = readHeaders(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 101"), response);
            assertFalse(response.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions"),
                    "the server negotiated an extension: " + response);

            out.write(compressedTextFrame(deflatedZeros()));
            out.flush();
            assertTrue(closedOrCloseFrame(socket.getInputStream()), "the connection stayed open");
        }
        HttpURLConnection health = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.httpPort() + "/health")
                .toURL().openConnection();
        health.setReadTimeout(1_000);
        assertEquals(200, health.getResponseCode());
    }

    /** 50 MB of zeros as a raw deflate stream without its final 4 bytes (RFC 7692 section 7.2.1). */
    private static byte[] deflatedZeros() {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[1024 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        for (int i = 0; i < INFLATED_BYTES / zeros.length; i++) {
            deflater.setInput(zeros);
            int n;
            while ((n = deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH)) > 0) out.write(buf, 0, n);
        }
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) out.write(buf, 0, n);
        deflater.end();
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOf(all, all.length - 4);
    }

    /** A masked client text frame with FIN and RSV1 (compressed) set (RFC 6455 section 5.2). */
    private static byte[] compressedTextFrame(byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | 0x40 | 0x1);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) frame.write((int) ((long) payload.length >> shift));
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i % 4]);
        return frame.toByteArray();
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            sb.append((char) b);
        }
        return sb.toString();
    }

    /** True when the server closes the connection or sends a close frame (opcode 8) within the socket timeout. */
    private static boolean closedOrCloseFrame(InputStream in) throws IOException {
        try {
            int first = in.read();
            return first < 0 || (first & 0x0F) == 0x8;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }
}

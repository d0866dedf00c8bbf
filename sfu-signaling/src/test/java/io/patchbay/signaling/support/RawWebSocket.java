package io.patchbay.signaling.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.Deflater;

/**
 * A WebSocket client written by hand on a plain TCP socket (RFC 6455), for abuse tests: it can offer compression,
 * send frames the server must refuse, and never read what the server sends.
 */
public final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final String handshakeResponse;

    /** Connects to {@code /ws} and completes the upgrade, offering permessage-deflate (RFC 7692) as browsers do. */
    public RawWebSocket(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        out = socket.getOutputStream();
        String key = Base64.getEncoder().encodeToString("patchbay-raw-ws!".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                + "Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        handshakeResponse = readHeaders(socket.getInputStream());
    }

    /** The server's answer to the upgrade (status line and headers). */
    public String handshakeResponse() {
        return handshakeResponse;
    }

    /** Sends one masked client text frame; {@code compressed} sets RSV1 (RFC 7692 section 6). */
    public void sendText(byte[] payload, boolean compressed) throws IOException {
        out.write(frame(payload, compressed));
        out.flush();
    }

    /** True when the server closes the connection or sends a close frame (opcode 8) within {@code timeoutMs}. */
    public boolean closedOrCloseFrame(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        InputStream in = socket.getInputStream();
        try {
            int first = in.read();
            return first < 0 || (first & 0x0F) == 0x8;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    /** {@code inflatedBytes} of zeros as a raw deflate stream without its final 4 bytes (RFC 7692 section 7.2.1). */
    public static byte[] deflatedZeros(int inflatedBytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[1024 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        for (int i = 0; i < inflatedBytes / zeros.length; i++) {
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

    /** A masked client text frame with FIN, and RSV1 when compressed (RFC 6455 section 5.2). */
    private static byte[] frame(byte[] payload, boolean compressed) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | (compressed ? 0x40 : 0) | 0x1);
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

    /** Resets the connection (RST, no FIN): a client that vanishes. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package io.patchbay.signaling.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Reads the server's {@code /metrics} over one short HTTP/1.1 connection ({@code Connection: close}), so the scrape
 * holds no pooled connection that the per-address connection limit would count.
 */
public final class Metrics {
    private Metrics() {
    }

    /** The whole HTTP exchange: sends {@code request} and reads until the server closes. */
    public static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The Prometheus text of {@code /metrics}, or fails if the answer is not 200. */
    public static String scrape(int port) throws IOException {
        String response = exchange(port, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        if (!response.startsWith("HTTP/1.1 200")) throw new IOException("/metrics answered " + response.lines().findFirst().orElse(""));
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    /** The value of the series {@code series} (name with its labels, as written in the scrape). */
    public static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1).trim());
        }
        throw new AssertionError("metric " + series + " missing");
    }
}

package io.patchbay.signaling.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.signaling.ws.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A minimal JSON WebSocket participant for REST tests (JDK HttpClient); a copy of the ws package's helper. */
public final class JsonSocket implements AutoCloseable {
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    public volatile boolean closedByServer;
    /** The status code of the server's close frame, or 0. */
    public volatile int closeCode;
    /** Ping frames received (the JDK answers each with a pong by itself). */
    private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();

    public JsonSocket(int port) throws Exception {
        this(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + port + "/ws"));
    }

    /** A socket to any URI (e.g. {@code wss://}) through {@code client} (e.g. one that trusts a test certificate). */
    public JsonSocket(HttpClient client, URI uri) throws Exception {
        socket = client.newWebSocketBuilder()
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                inbox.add(Json.MAPPER.readTree(partial.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
                        pings.incrementAndGet();
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closeCode = statusCode;
                        closedByServer = true;
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
    }

    public void send(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    /** The next message matching {@code filter}; earlier non-matching ones are discarded. */
    public JsonNode await(Predicate<JsonNode> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode m = inbox.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (m == null) throw new AssertionError("no matching message within " + timeout);
            if (filter.test(m)) return m;
        }
    }

    public JsonNode awaitType(String type) throws InterruptedException {
        return await(m -> type.equals(m.path("type").asText()), Duration.ofSeconds(5));
    }

    /** Messages received so far, without waiting. */
    public int pending() {
        return inbox.size();
    }

    public JsonNode poll(Duration timeout) throws InterruptedException {
        return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the server closes the socket. */
    public void awaitClosedByServer(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closedByServer) {
            if (System.nanoTime() > deadline) throw new AssertionError("socket not closed within " + timeout);
            Thread.sleep(10);
        }
    }

    /** Waits for a ping frame from the server. */
    public boolean awaitPing(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pings.get() == 0) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(10);
        }
        return true;
    }

    /** Joins {@code room} and returns the participant id. */
    public String join(String room, String name) throws Exception {
        send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + name + "\"}");
        return awaitType("joined").path("participantId").asText();
    }

    /** Sends {@code message} and returns the code of the {@code error} it gets. */
    public String errorCodeFor(String message) throws Exception {
        send(message);
        return awaitType("error").path("code").asText();
    }

    /** Drops the connection without a close frame, as a dead network or process would: the session is lost, not left. */
    public void drop() {
        socket.abort();
    }

    /** Closes normally (close code 1000, which counts as leave), then drops the connection. */
    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // already closed
        }
        socket.abort();
    }
}

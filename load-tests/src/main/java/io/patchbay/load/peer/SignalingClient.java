package io.patchbay.load.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The JSON-over-WebSocket signaling channel (JDK {@link WebSocket}). Every message received is kept in a
 * history that tests can await on (from the start, or from a {@link #mark} so that a reply to a later request
 * is not confused with an earlier one); listeners are called on the WebSocket's thread and must be quick.
 * {@link #abort} and {@link #closeWith} lose the socket the way a network or a client crash would.
 */
public final class SignalingClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket webSocket;
    private final List<JsonNode> history = new ArrayList<>();
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private final List<String> undecodable = new CopyOnWriteArrayList<>();
    private volatile String closeReason;
    private volatile int closeCode = -1;
    private volatile boolean dropped;

    private SignalingClient(HttpClient http, URI uri, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        try {
            webSocket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, new Listener())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("WebSocket connect to " + uri + " failed", e.getCause());
        }
    }

    public static SignalingClient connect(URI uri, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        return new SignalingClient(HttpClient.newBuilder().connectTimeout(timeout).build(), uri, timeout);
    }

    /** As above over a shared client (one selector thread for many simulated participants). */
    public static SignalingClient connect(HttpClient http, URI uri, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        return new SignalingClient(http, uri, timeout);
    }

    public void addListener(Consumer<JsonNode> listener) {
        listeners.add(listener);
    }

    /** Sends one JSON message; sends are serialized because the JDK WebSocket allows one outstanding send. */
    public synchronized void send(JsonNode message) throws IOException {
        try {
            webSocket.sendText(JSON.writeValueAsString(message), true).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IOException("WebSocket send failed", e);
        }
    }

    public ObjectNode newMessage(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /** Waits for a message (received before or after this call) matching {@code predicate}. */
    public JsonNode await(Predicate<JsonNode> predicate, Duration timeout) throws TimeoutException, InterruptedException {
        return await(0, predicate, timeout);
    }

    /** How many messages have been received so far: a position in the history for {@link #await(int, Predicate, Duration)}. */
    public int mark() {
        synchronized (history) {
            return history.size();
        }
    }

    /** Waits for a message at or after position {@code from} of the history matching {@code predicate}. */
    public JsonNode await(int from, Predicate<JsonNode> predicate, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (history) {
            int next = from;
            while (true) {
                for (; next < history.size(); next++) {
                    JsonNode m = history.get(next);
                    if (predicate.test(m)) {
                        return m;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new TimeoutException("no matching signaling message; received: " + history
                            + (closeReason == null ? "" : " closed: " + closeReason));
                }
                history.wait(left);
            }
        }
    }

    public JsonNode awaitType(String type, Duration timeout) throws TimeoutException, InterruptedException {
        return await(m -> type.equals(m.path("type").asText()), timeout);
    }

    public List<JsonNode> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    public String closeReason() {
        return closeReason;
    }

    /** The close code the server sent, or -1 if it sent none (yet). */
    public int closeCode() {
        return closeCode;
    }

    /** Whether we lost this socket on purpose ({@link #abort}, {@link #closeWith}). */
    public boolean dropped() {
        return dropped;
    }

    /**
     * Drops the connection without a close frame (the TCP connection is closed under the WebSocket), as when a
     * client crashes or its network goes away and the OS resets the connection.
     */
    public void abort() {
        dropped = true;
        webSocket.abort();
    }

    /** Closes with {@code code} (e.g. 4001: anything but 1000/1001 is a lost socket to the server), then drops. */
    public void closeWith(int code, String reason) {
        dropped = true;
        try {
            webSocket.sendClose(code, reason).get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Closed already.
        }
        webSocket.abort();
    }

    private void deliver(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            undecodable.add(text);
            return;
        }
        synchronized (history) {
            history.add(node);
            history.notifyAll();
        }
        for (Consumer<JsonNode> l : listeners) {
            l.accept(node);
        }
    }

    /**
     * Closes normally (1000): sends the close frame, waits (up to 2 s) for the server's (RFC 6455 section 5.5.1),
     * then drops the connection. Dropping it before the server's close frame arrived would reset the TCP
     * connection while data is unread on our side, and the server's kernel may then discard what we sent last
     * ({@code leave}, our close frame), so that the server sees a lost socket instead of a leave.
     */
    @Override
    public void close() {
        try {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Already closed or the server is gone.
        }
        awaitClosed(Duration.ofSeconds(2));
        webSocket.abort();
    }

    /** Waits until the server's close frame arrived (or the connection failed); returns whether it did. */
    public boolean awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (history) {
            while (closeReason == null) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    history.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                deliver(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode = statusCode;
            closeReason = statusCode + " " + reason;
            synchronized (history) {
                history.notifyAll();
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closeReason = "error: " + error;
            synchronized (history) {
                history.notifyAll();
            }
        }
    }
}

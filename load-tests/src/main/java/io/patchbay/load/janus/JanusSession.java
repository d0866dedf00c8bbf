package io.patchbay.load.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Janus session over the plain HTTP transport: requests with transactions, a long-poll thread that
 * dispatches events (to the transaction waiting for them, else to the handle that sent them), and a keepalive
 * every 25 s (Janus drops a session after 60 s without requests).
 *
 * <p>Janus answers a plugin message either synchronously ({@code success} with plugin data) or with an
 * {@code ack} followed later by an {@code event} carrying the same transaction on the long poll; the event can
 * arrive before the ack, so the transaction is registered before the request is sent.
 */
final class JanusSession implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(JanusSession.class.getName());
    private static final Duration KEEPALIVE_PERIOD = Duration.ofSeconds(25);
    /** Janus holds a long poll open for 30 s before answering with a keepalive. */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(45);
    private static final int MAX_EVENTS_PER_POLL = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ScheduledExecutorService KEEPALIVES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "janus-keepalive");
        t.setDaemon(true);
        return t;
    });

    /** How a request ends: at the first reply, or (after an ack) at the event with its transaction. */
    enum Reply { IMMEDIATE, EVENT }

    private final HttpClient http;
    private final URI base;
    private final long id;
    private final URI sessionUri;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<Long, JanusHandle> handles = new ConcurrentHashMap<>();
    private final Thread poller;
    private final ScheduledFuture<?> keepalive;
    private volatile boolean closed;
    private volatile IOException dead;

    private JanusSession(HttpClient http, URI base, long id) {
        this.http = http;
        this.base = base;
        this.id = id;
        this.sessionUri = URI.create(base + "/" + id);
        this.poller = new Thread(this::pollLoop, "janus-poll-" + id);
        this.poller.setDaemon(true);
        this.poller.start();
        this.keepalive = KEEPALIVES.scheduleAtFixedRate(this::sendKeepalive, KEEPALIVE_PERIOD.toMillis(),
                KEEPALIVE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code base} is the REST root, e.g. {@code http://10.77.0.1:8088/janus}. */
    static JanusSession create(HttpClient http, URI base, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        JsonNode reply = post(http, base, request("create"), timeout);
        throwIfError(reply, "create session");
        long id = reply.path("data").path("id").asLong(0);
        if (id == 0) {
            throw new IOException("create session: no session id in " + reply);
        }
        return new JanusSession(http, base, id);
    }

    long id() {
        return id;
    }

    /** Attaches a handle to {@code plugin} (e.g. "janus.plugin.videoroom"). */
    JanusHandle attach(String plugin, Duration timeout) throws IOException, InterruptedException, TimeoutException {
        ObjectNode attach = request("attach").put("plugin", plugin);
        JsonNode reply = send(sessionUri, attach, Reply.IMMEDIATE, timeout, "attach " + plugin);
        long handleId = reply.path("data").path("id").asLong(0);
        if (handleId == 0) {
            throw new IOException("attach " + plugin + ": no handle id in " + reply);
        }
        JanusHandle handle = new JanusHandle(this, handleId);
        handles.put(handleId, handle);
        return handle;
    }

    void forget(JanusHandle handle) {
        handles.remove(handle.id());
    }

    URI handleUri(long handleId) {
        return URI.create(sessionUri + "/" + handleId);
    }

    /**
     * Sends {@code request} (its {@code transaction} is filled in) to {@code target} and returns the final reply.
     * Janus errors, core or plugin, become {@link JanusException}s.
     */
    JsonNode send(URI target, ObjectNode request, Reply reply, Duration timeout, String what)
            throws IOException, InterruptedException, TimeoutException {
        IOException gone = dead;
        if (gone != null) {
            throw new IOException(what + ": session " + id + " is gone", gone);
        }
        String transaction = request.path("transaction").asText();
        CompletableFuture<JsonNode> event = new CompletableFuture<>();
        if (reply == Reply.EVENT) {
            pending.put(transaction, event);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            JsonNode first = post(http, target, request, timeout);
            throwIfError(first, what);
            if (reply == Reply.IMMEDIATE || !"ack".equals(first.path("janus").asText())) {
                return first;
            }
            long left = Math.max(1, deadline - System.nanoTime());
            JsonNode last = event.get(left, TimeUnit.NANOSECONDS);
            throwIfError(last, what);
            return last;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(what, e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException(what + ": no event from Janus within " + timeout);
        } finally {
            pending.remove(transaction);
        }
    }

    /** A new request object with a fresh transaction. */
    static ObjectNode request(String janus) {
        return JSON.createObjectNode().put("janus", janus).put("transaction", newTransaction());
    }

    private static String newTransaction() {
        return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    private static JsonNode post(HttpClient http, URI target, ObjectNode body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("POST " + target + " answered HTTP " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Core errors ({@code "janus":"error"}) and plugin errors ({@code error_code} in plugin data). */
    static void throwIfError(JsonNode reply, String what) throws JanusException {
        if ("error".equals(reply.path("janus").asText())) {
            JsonNode error = reply.path("error");
            throw new JanusException(error.path("code").asInt(JanusException.NO_CODE),
                    error.path("reason").asText("?"), what);
        }
        JsonNode data = reply.path("plugindata").path("data");
        if (data.has("error_code") || data.has("error")) {
            throw new JanusException(data.path("error_code").asInt(JanusException.NO_CODE),
                    data.path("error").asText("?"), what);
        }
    }

    private void pollLoop() {
        HttpRequest poll = HttpRequest.newBuilder(URI.create(sessionUri + "?maxev=" + MAX_EVENTS_PER_POLL))
                .timeout(POLL_TIMEOUT).GET().build();
        int failures = 0;
        while (!closed) {
            try {
                HttpResponse<String> r = http.send(poll, HttpResponse.BodyHandlers.ofString());
                if (closed) {
                    return;
                }
                if (r.statusCode() != 200) {
                    throw new IOException("long poll answered HTTP " + r.statusCode());
                }
                JsonNode events = JSON.readTree(r.body());
                // With maxev Janus answers an array; its 30 s idle keepalive may come as a single object.
                if (events.isArray()) {
                    events.forEach(this::dispatchSafely);
                } else {
                    dispatchSafely(events);
                }
                failures = 0;
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (++failures == 1 || failures % 20 == 0) {
                    LOG.log(System.Logger.Level.WARNING, "janus session " + id + ": long poll failed (" + failures
                            + " in a row): " + e);
                }
                try {
                    Thread.sleep(Math.min(2000, 100L * failures));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void dispatchSafely(JsonNode event) {
        try {
            dispatch(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "janus session " + id + ": cannot handle event " + brief(event)
                    + ": " + e);
        }
    }

    private void dispatch(JsonNode event) {
        String kind = event.path("janus").asText();
        if (kind.equals("keepalive") || kind.equals("ack")) {
            return;
        }
        if (kind.equals("error") && event.path("error").path("code").asInt() == 458) { // No such session
            sessionGone(new JanusException(458, event.path("error").path("reason").asText(), "session " + id));
            return;
        }
        CompletableFuture<JsonNode> waiting = pending.remove(event.path("transaction").asText(""));
        if (waiting != null) {
            waiting.complete(event);
            return;
        }
        JanusHandle handle = handles.get(event.path("sender").asLong(0));
        if (handle != null) {
            handle.onEvent(event);
        } else if (!kind.equals("detached")) {
            LOG.log(System.Logger.Level.DEBUG, "janus session " + id + ": event for no known handle: " + brief(event));
        }
    }

    private void sessionGone(IOException why) {
        dead = why;
        closed = true;
        keepalive.cancel(false);
        pending.values().forEach(f -> f.completeExceptionally(why));
        handles.values().forEach(h -> h.onSessionGone(why));
        LOG.log(System.Logger.Level.WARNING, why.getMessage());
    }

    private void sendKeepalive() {
        try {
            HttpRequest req = HttpRequest.newBuilder(sessionUri).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request("keepalive")))).build();
            http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (e != null && !closed) {
                    LOG.log(System.Logger.Level.WARNING, "janus session " + id + ": keepalive failed: " + e);
                } else if (r != null && r.body().contains("\"error\"") && !closed) {
                    LOG.log(System.Logger.Level.WARNING, "janus session " + id + ": keepalive refused: " + r.body());
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "janus session " + id + ": keepalive not sent: " + e);
        }
    }

    static String brief(JsonNode event) {
        String text = event.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** Destroys the session in Janus (which detaches its handles) and stops the poll thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true; // first, so the poll thread does not ask again for a session about to be destroyed
        keepalive.cancel(false);
        try {
            send(sessionUri, request("destroy"), Reply.IMMEDIATE, Duration.ofSeconds(5), "destroy session " + id);
        } catch (IOException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "janus session " + id + ": destroy failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            poller.interrupt();
            pending.values().forEach(f -> f.completeExceptionally(new IOException("session " + id + " closed")));
            handles.values().forEach(h -> h.onSessionGone(new IOException("session " + id + " closed")));
            handles.clear();
        }
    }
}

package io.patchbay.signaling.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.core.room.TrackInfo;
import io.patchbay.signaling.room.ParticipantSnapshot;
import io.patchbay.signaling.room.RoomEvent;
import io.patchbay.signaling.room.RoomEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Sends room events to the configured webhook URLs. {@link #emit} (event loop) only serialises the event and offers
 * it to one bounded queue per URL; when a queue is full the event is dropped for that URL and counted. Each URL has
 * its own daemon thread that POSTs its events in order, retrying connection errors and non-2xx answers with
 * exponential backoff before giving up on the event (counted as failed) and moving on.
 */
public final class WebhookDispatcher implements RoomEvents, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    public static final String DROP_QUEUE_FULL = "queue_full";
    public static final String DROP_SHUTDOWN = "shutdown";
    /** Every drop reason (the bounded label set of the dropped metric). */
    public static final List<String> DROP_REASONS = List.of(DROP_QUEUE_FULL, DROP_SHUTDOWN);
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String secret;
    private final List<Sender> senders = new ArrayList<>();
    private final int maxAttempts;
    private final long initialBackoffMillis;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong droppedQueueFull = new AtomicLong();
    private final AtomicLong droppedShutdown = new AtomicLong();
    private final HttpClient client;

    public WebhookDispatcher(PatchbayConfig.Webhooks config) {
        this(config, DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF);
    }

    public WebhookDispatcher(PatchbayConfig.Webhooks config, int queueCapacity, int maxAttempts, Duration initialBackoff) {
        this.secret = config.secret();
        this.maxAttempts = Math.max(1, maxAttempts);
        this.initialBackoffMillis = Math.max(1, initialBackoff.toMillis());
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String url : config.urls()) senders.add(new Sender(URI.create(url), queueCapacity));
        for (Sender s : senders) s.thread.start();
    }

    /** A queued delivery: the serialised body and its headers. */
    private record Delivery(String id, String event, byte[] body) {
    }

    @Override
    public void emit(RoomEvent event) {
        String id = "EV_" + UUID.randomUUID().toString().replace("-", "");
        byte[] body = body(id, event);
        Delivery d = new Delivery(id, event.type(), body);
        for (Sender s : senders) {
            s.pending.incrementAndGet();
            if (!s.queue.offer(d)) {
                s.pending.decrementAndGet();
                droppedQueueFull.incrementAndGet();
                LOG.fine(() -> "webhook queue for " + s.uri + " full; dropped " + event.type());
            }
        }
    }

    /** The JSON body of an event. */
    static byte[] body(String id, RoomEvent event) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("event", event.type());
        n.put("createdAt", event.at().toString());
        n.put("room", event.room());
        ParticipantSnapshot p = event.participant();
        if (p != null) {
            ObjectNode pn = n.putObject("participant");
            pn.put("id", p.id());
            pn.put("name", p.name());
            if (p.joinedAt() != null) pn.put("joinedAt", p.joinedAt().toString());
        }
        TrackInfo t = event.track();
        if (t != null) {
            ObjectNode tn = n.putObject("track");
            tn.put("id", t.id().value());
            tn.put("kind", t.kind().wireName());
            tn.put("source", t.source().wireName());
            tn.put("muted", t.muted());
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }

    public long dropped(String reason) {
        return switch (reason) {
            case DROP_QUEUE_FULL -> droppedQueueFull.get();
            case DROP_SHUTDOWN -> droppedShutdown.get();
            default -> 0;
        };
    }

    /**
     * Waits until every event queued so far has been delivered or given up (its retries exhausted), at most
     * {@code timeout}: a draining server calls it before {@link #close}. Returns whether the queues emptied.
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Sender s : senders) {
            while (s.pending.get() > 0) {
                if (System.nanoTime() - deadline >= 0) return false;
                Thread.sleep(20); // deliveries take milliseconds to seconds; nothing to wake us
            }
        }
        return true;
    }

    /** Stops the sender threads; events still queued are dropped (reason {@code shutdown}). */
    @Override
    public void close() {
        for (Sender s : senders) s.stopping = true;
        for (Sender s : senders) s.thread.interrupt();
        for (Sender s : senders) {
            try {
                s.thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            droppedShutdown.addAndGet(s.queue.size());
            s.queue.clear();
        }
    }

    private final class Sender implements Runnable {
        final URI uri;
        final BlockingQueue<Delivery> queue;
        final Thread thread;
        volatile boolean stopping;
        /** Queued or being delivered. */
        final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();

        Sender(URI uri, int capacity) {
            this.uri = uri;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(this, "patchbay-webhook-" + uri.getHost() + ":" + uri.getPort());
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!stopping) {
                    Delivery d = queue.poll(1, TimeUnit.SECONDS);
                    if (d == null) continue;
                    try {
                        deliver(d);
                    } finally {
                        pending.decrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                // closing
            }
        }

        private void deliver(Delivery d) throws InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10))
                    .header("content-type", "application/json")
                    // Signed at each attempt, so a retry carries its own time (receivers allow 5 minutes).
                    .header(WebhookSignature.HEADER,
                            WebhookSignature.sign(secret, d.body(), System.currentTimeMillis() / 1000))
                    .header("X-Patchbay-Event", d.event())
                    .header("X-Patchbay-Event-Id", d.id())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
                    .build();
            long backoff = initialBackoffMillis;
            for (int attempt = 1; ; attempt++) {
                String problem;
                try {
                    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        delivered.incrementAndGet();
                        return;
                    }
                    problem = "HTTP " + status;
                } catch (java.io.IOException e) {
                    problem = e.toString();
                }
                if (attempt >= maxAttempts || stopping) {
                    failed.incrementAndGet();
                    LOG.warning("webhook " + d.event() + " " + d.id() + " to " + uri + " failed after " + attempt
                            + " attempts: " + problem);
                    return;
                }
                Thread.sleep(backoff);
                backoff *= 2;
            }
        }
    }

    /** For logs: the URLs only, never the secret. */
    @Override
    public String toString() {
        List<String> urls = new ArrayList<>();
        for (Sender s : senders) urls.add(s.uri.toString());
        return "WebhookDispatcher" + urls;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

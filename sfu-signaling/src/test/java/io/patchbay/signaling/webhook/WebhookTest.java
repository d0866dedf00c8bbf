package io.patchbay.signaling.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.support.JsonSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhooks end to end: a receiver on 127.0.0.1 checks every signature and the order of events. */
class WebhookTest {
    private static final String SECRET = "webhook-test-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer receiver;
    private PatchbayServer server;

    /** What the receiver saw. */
    private final List<JsonNode> accepted = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (receiver != null) receiver.stop(0);
    }

    /** Starts the receiver; {@code status} maps the request number (1-based) to the HTTP status it answers. */
    private String startReceiver(IntUnaryOperator status) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = requests.incrementAndGet();
            String signature = exchange.getRequestHeaders().getFirst("X-Patchbay-Signature");
            boolean valid = WebhookSignature.verify(SECRET, body, signature, System.currentTimeMillis() / 1000)
                    && "application/json".equals(exchange.getRequestHeaders().getFirst("content-type"));
            JsonNode event = JSON.readTree(body);
            valid &= event.path("event").asText().equals(exchange.getRequestHeaders().getFirst("X-Patchbay-Event"));
            valid &= event.path("id").asText().equals(exchange.getRequestHeaders().getFirst("X-Patchbay-Event-Id"));
            if (!valid) badSignatures.incrementAndGet();
            int code = status.applyAsInt(n);
            if (code / 100 == 2) {
                synchronized (accepted) {
                    accepted.add(event);
                    accepted.notifyAll();
                }
            }
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private void startServer(String url) throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0).withMediaPort(0)
                .withBindAddresses(List.of("127.0.0.1"))
                .withWebhooks(new PatchbayConfig.Webhooks(List.of(url), SECRET)));
    }

    private List<JsonNode> awaitEvents(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (accepted) {
            while (accepted.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                accepted.wait(Math.max(1, left / 1_000_000));
            }
            return new ArrayList<>(accepted);
        }
    }

    /** Alice and Bob join, Alice leaves, then Bob. */
    private void joinAndLeave(String room) throws Exception {
        int port = server.httpPort();
        try (JsonSocket alice = new JsonSocket(port); JsonSocket bob = new JsonSocket(port)) {
            alice.join(room, "alice");
            bob.join(room, "bob");
            alice.send("{\"type\":\"leave\"}");
            bob.awaitType("participant-left");
            bob.send("{\"type\":\"leave\"}");
            // the room closes after the last leave; a closed socket would be a leave too
            Thread.sleep(200);
        }
    }

    private static List<String> names(List<JsonNode> events) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) out.add(e.path("event").asText());
        return out;
    }

    private static final List<String> EXPECTED = List.of("room_started", "participant_joined", "participant_joined",
            "participant_left", "participant_left", "room_finished");

    @Test
    void roomLifecycleIsDeliveredInOrderAndSigned() throws Exception {
        startServer(startReceiver(n -> 204));
        joinAndLeave("hooks");
        List<JsonNode> events = awaitEvents(6, Duration.ofSeconds(10));
        assertEquals(EXPECTED, names(events));
        assertEquals(0, badSignatures.get());
        Set<String> ids = new HashSet<>();
        for (JsonNode e : events) {
            assertEquals("hooks", e.path("room").asText());
            assertTrue(ids.add(e.path("id").asText()), "event ids are unique");
            Instant.parse(e.path("createdAt").asText()); // ISO-8601
            assertTrue(e.path("createdAt").asText().endsWith("Z"), "UTC");
        }
        assertEquals("alice", events.get(1).path("participant").path("name").asText());
        assertEquals("bob", events.get(2).path("participant").path("name").asText());
        assertEquals("alice", events.get(3).path("participant").path("name").asText());
        assertEquals("bob", events.get(4).path("participant").path("name").asText());
        assertFalse(events.get(1).path("participant").path("id").asText().isEmpty());
        assertTrue(events.get(0).path("participant").isMissingNode());
        Thread.sleep(200);
        assertEquals(6, requests.get(), "no duplicate delivery");
    }

    @Test
    void failedDeliveriesAreRetriedInOrder() throws Exception {
        // The first two requests (both for room_started) fail with 500; the third and later succeed.
        startServer(startReceiver(n -> n <= 2 ? 500 : 200));
        joinAndLeave("retries");
        List<JsonNode> events = awaitEvents(6, Duration.ofSeconds(15));
        assertEquals(EXPECTED, names(events));
        assertEquals(0, badSignatures.get());
        assertEquals(8, requests.get(), "two failed attempts, then six deliveries");
        assertTrue(server != null);
    }

    @Test
    void publishingSendsTrackEvents() throws Exception {
        startServer(startReceiver(n -> 200));
        try (TestPeer alice = TestPeer.connect(server.httpPort(), "alice", List.of(SrtpProfile.AEAD_AES_128_GCM))) {
            alice.join("tracks");
            alice.publish(Duration.ofSeconds(10));
            awaitEvents(3, Duration.ofSeconds(10));
        }
        // closing the peer leaves: its tracks are unpublished, then it leaves and the room finishes
        List<JsonNode> events = awaitEvents(8, Duration.ofSeconds(10));
        List<String> names = names(events);
        assertEquals(0, badSignatures.get());
        assertEquals("room_started", names.get(0));
        assertEquals("participant_joined", names.get(1));
        int published = (int) names.stream().filter("track_published"::equals).count();
        assertTrue(published >= 1, "published: " + names);
        assertEquals(published, names.stream().filter("track_unpublished"::equals).count(), names.toString());
        assertEquals(List.of("participant_left", "room_finished"), names.subList(names.size() - 2, names.size()));
        JsonNode track = events.get(names.indexOf("track_published"));
        assertEquals("alice", track.path("participant").path("name").asText());
        assertFalse(track.path("track").path("id").asText().isEmpty());
        assertTrue(Set.of("audio", "video").contains(track.path("track").path("kind").asText()));
        assertEquals(track.path("track").path("kind").asText().equals("audio") ? "microphone" : "camera",
                track.path("track").path("source").asText());
    }

    @Test
    void aFullQueueDropsAndCounts() throws Exception {
        String url = startReceiver(n -> 200);
        receiver.stop(0); // nothing listens: every delivery fails slowly enough to fill the queue
        try (WebhookDispatcher hooks = new WebhookDispatcher(new PatchbayConfig.Webhooks(List.of(url), SECRET),
                2, 2, Duration.ofSeconds(5))) {
            for (int i = 0; i < 10; i++) {
                hooks.emit(new io.patchbay.signaling.room.RoomEvent("room_started", "r" + i, Instant.now(), null, null));
            }
            assertTrue(hooks.dropped(WebhookDispatcher.DROP_QUEUE_FULL) >= 7,
                    "dropped " + hooks.dropped(WebhookDispatcher.DROP_QUEUE_FULL));
        }
        receiver = null;
    }

    @Test
    void signatureMatchesRfc4231TestCase2() {
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WebhookSignature.hmacSha256Hex("Jefe", data));
    }

    @Test
    void signatureCoversTheTimeAndAReplayLaterIsRefused() {
        byte[] body = "{\"event\":\"room_started\"}".getBytes(StandardCharsets.UTF_8);
        long sent = 1_800_000_000L;
        String header = WebhookSignature.sign(SECRET, body, sent);
        assertEquals("t=1800000000,v1=" + WebhookSignature.hmacSha256Hex(SECRET,
                ("1800000000." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)), header);
        assertTrue(WebhookSignature.verify(SECRET, body, header, sent + 299), "within 5 minutes");
        assertTrue(WebhookSignature.verify(SECRET, body, header, sent - 299), "receiver clock behind");
        assertFalse(WebhookSignature.verify(SECRET, body, header, sent + 301), "replayed 5 minutes later");
        assertFalse(WebhookSignature.verify(SECRET, "{}".getBytes(StandardCharsets.UTF_8), header, sent), "other body");
        assertFalse(WebhookSignature.verify("other-secret", body, header, sent), "other secret");
        String newerTime = header.replace("t=1800000000", "t=1800000600");
        assertFalse(WebhookSignature.verify(SECRET, body, newerTime, sent + 600), "a replay with a new t fails the MAC");
        assertFalse(WebhookSignature.verify(SECRET, body, "sha256=" + WebhookSignature.hmacSha256Hex(SECRET, body), sent),
                "the old format is not accepted");
    }
}

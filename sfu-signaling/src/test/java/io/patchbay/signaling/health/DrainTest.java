package io.patchbay.signaling.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.PatchbayServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Health and graceful drain against a real server: ready once the media port answered its self-probe; then
 * {@code POST /api/v1/admin/drain} with two participants in a room: readiness 503 at once (liveness still 200), a new
 * join refused with {@code server-draining}, both told {@code draining}; the drain ends when they leave; the webhooks
 * queued meanwhile (a slow receiver: 300 ms each) are all delivered before the server closes.
 */
class DrainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private PatchbayServer server;
    private HttpServer receiver;
    private final List<TestPeer> peers = new ArrayList<>();
    private final List<String> delivered = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        peers.forEach(TestPeer::close);
        if (server != null) server.close();
        if (receiver != null) receiver.stop(0);
    }

    @Test
    void drainTurnsReadinessOffRefusesJoinsMovesEveryoneAndDeliversTheWebhooks() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
            try {
                Thread.sleep(300); // a slow receiver: events queue up behind each other
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (delivered) {
                delivered.add(event.path("event").asText());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1"))
                .withWebhooks(new PatchbayConfig.Webhooks(
                        List.of("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"), "secret")));
        server.setDrainTimeout(Duration.ofSeconds(20));

        JsonNode ready = awaitReady();
        System.out.println("ready: " + ready);
        assertTrue(ready.path("mediaPort").path("ok").asBoolean(), ready.toString());

        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("patchbay_ready 1.0") && metrics.contains("patchbay_draining 0.0")
                && metrics.contains("patchbay_media_port_probes_total{result=\"answered\"}"), metrics);

        TestPeer alice = peer("alice");
        TestPeer bob = peer("bob");
        alice.join("drain-room");
        bob.join("drain-room");
        int aliceMark = alice.signaling().mark();
        int bobMark = bob.signaling().mark();
        alice.publish(WAIT);
        awaitMetric("patchbay_join_to_media_seconds_count 2\n"); // alice publishes, bob receives her

        HttpResponse<String> drain = http.send(HttpRequest.newBuilder(url("/api/v1/admin/drain"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, drain.statusCode(), drain.body());
        assertEquals(2, JSON.readTree(drain.body()).path("participants").asInt(), drain.body());
        HttpResponse<String> readiness = get("/health/ready");
        assertEquals(503, readiness.statusCode(), "readiness right after the drain started: " + readiness.body());
        assertEquals("draining", JSON.readTree(readiness.body()).path("status").asText());
        assertEquals(200, get("/health/live").statusCode());
        String drainingMetrics = get("/metrics").body();
        assertTrue(drainingMetrics.contains("patchbay_ready 0.0") && drainingMetrics.contains("patchbay_draining 1.0"),
                drainingMetrics);

        alice.signaling().await(aliceMark, m -> m.path("type").asText().equals("draining"), WAIT);
        bob.signaling().await(bobMark, m -> m.path("type").asText().equals("draining"), WAIT);
        TestPeer late = peer("late");
        int lateMark = late.signaling().mark();
        late.signaling().send(late.signaling().newMessage("join").put("room", "drain-room").put("name", "late"));
        JsonNode refused = late.signaling().await(lateMark,
                m -> m.path("type").asText().equals("error") || m.path("type").asText().equals("joined"), WAIT);
        assertEquals("server-draining", refused.path("code").asText(), refused.toString());

        assertTrue(!server.drain("test").isDone(), "two participants are still here");
        alice.close();
        bob.close();
        assertTrue(server.drain("test").get(WAIT.toSeconds(), TimeUnit.SECONDS), "everyone left: drained");

        long closeStart = System.nanoTime();
        server.drainAndClose();
        server = null;
        System.out.printf("closed %d ms after the last participant left; webhooks delivered: %s%n",
                (System.nanoTime() - closeStart) / 1_000_000, delivered);
        synchronized (delivered) {
            assertEquals(2, delivered.stream().filter("participant_left"::equals).count(), delivered.toString());
            assertTrue(delivered.contains("room_finished"), delivered.toString());
        }
    }

    /** Polls /metrics until it has {@code line} (the join-to-media time is recorded when ICE and DTLS are done). */
    private void awaitMetric(String line) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String metrics;
        do {
            metrics = get("/metrics").body();
            if (metrics.contains(line)) return;
            Thread.sleep(50); // polling the scrape endpoint
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + line + " in\n" + metrics);
    }

    private TestPeer peer(String name) throws Exception {
        TestPeer p = TestPeer.connect(server.httpPort(), name, List.of(SrtpProfile.AEAD_AES_128_GCM));
        peers.add(p);
        return p;
    }

    /** Polls readiness until 200 (the first media port self-probe runs at start). */
    private JsonNode awaitReady() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> r;
        do {
            r = get("/health/ready");
            if (r.statusCode() == 200) return JSON.readTree(r.body());
            Thread.sleep(50); // polling the endpoint as a kubelet does
        } while (System.nanoTime() < deadline);
        throw new AssertionError("never ready: " + r.statusCode() + " " + r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + path);
    }
}

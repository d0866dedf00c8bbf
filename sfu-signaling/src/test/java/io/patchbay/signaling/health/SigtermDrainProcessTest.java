package io.patchbay.signaling.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.TestPeer;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real SIGTERM path, as Kubernetes delivers it: the server runs as its own process (the command line's
 * {@code Main}, configured only by {@code PATCHBAY_*} variables), two participants join, the test sends SIGTERM and
 * checks the drain sequence from outside: readiness 503 at once while liveness stays 200, a new join refused with
 * {@code server-draining}, both participants told {@code draining}, the process still running while they stay and
 * exiting once they leave, and every webhook queued before the exit delivered.
 */
class SigtermDrainProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private Process server;
    private HttpServer receiver;
    private final List<TestPeer> peers = new ArrayList<>();
    private final List<String> delivered = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private int httpPort;

    @AfterEach
    void stop() throws Exception {
        peers.forEach(TestPeer::close);
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        if (receiver != null) receiver.stop(0);
    }

    @Test
    void sigtermDrainsThenExits() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
            synchronized (delivered) {
                delivered.add(event.path("event").asText());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        httpPort = freeTcpPort();
        Path log = Files.createTempFile("patchbay-sigterm", ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.patchbay.signaling.Main")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PATCHBAY_"));
        env.put("PATCHBAY_HTTP_HOST", "127.0.0.1");
        env.put("PATCHBAY_HTTP_PORT", Integer.toString(httpPort));
        env.put("PATCHBAY_MEDIA_PORT", Integer.toString(freeUdpPort()));
        env.put("PATCHBAY_BIND_ADDRESS", "127.0.0.1");
        env.put("PATCHBAY_DRAIN_TIMEOUT_SECONDS", "30");
        env.put("PATCHBAY_WEBHOOK_URLS", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        env.put("PATCHBAY_WEBHOOK_SECRET", "sigterm-test-secret");
        server = pb.start();
        try {
            awaitStatus("/health/ready", 200, Duration.ofSeconds(30));
            assertEquals(200, get("/health/live").statusCode());

            TestPeer alice = peer("alice");
            TestPeer bob = peer("bob");
            alice.join("sigterm-room");
            bob.join("sigterm-room");
            int aliceMark = alice.signaling().mark();
            int bobMark = bob.signaling().mark();

            long sigterm = System.nanoTime();
            server.destroy(); // SIGTERM
            HttpResponse<String> ready = awaitStatus("/health/ready", 503, Duration.ofSeconds(5));
            long notReadyMs = (System.nanoTime() - sigterm) / 1_000_000;
            assertEquals("draining", JSON.readTree(ready.body()).path("status").asText(), ready.body());
            assertEquals(200, get("/health/live").statusCode(), "alive while draining");
            alice.signaling().await(aliceMark, m -> m.path("type").asText().equals("draining"), WAIT);
            bob.signaling().await(bobMark, m -> m.path("type").asText().equals("draining"), WAIT);
            TestPeer late = peer("late");
            int lateMark = late.signaling().mark();
            late.signaling().send(late.signaling().newMessage("join").put("room", "sigterm-room").put("name", "late"));
            JsonNode refused = late.signaling().await(lateMark,
                    m -> m.path("type").asText().equals("error") || m.path("type").asText().equals("joined"), WAIT);
            assertEquals("server-draining", refused.path("code").asText(), refused.toString());
            assertTrue(!server.waitFor(1, TimeUnit.SECONDS), "the process must wait for its participants");

            alice.close();
            bob.close();
            long left = System.nanoTime();
            assertTrue(server.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the process never exited");
            long exitMs = (System.nanoTime() - left) / 1_000_000;
            System.out.printf("SIGTERM: not ready after %d ms; exit %d, %d ms after the last participant left; "
                    + "webhooks %s%n", notReadyMs, server.exitValue(), exitMs, delivered);
            synchronized (delivered) {
                assertEquals(2, delivered.stream().filter("participant_left"::equals).count(), delivered.toString());
                assertTrue(delivered.contains("room_finished"), delivered.toString());
            }
            String output = Files.readString(log);
            assertTrue(output.contains("draining (SIGTERM)"), output);
        } finally {
            System.out.println("server output:\n" + Files.readString(log));
            Files.deleteIfExists(log);
        }
    }

    private TestPeer peer(String name) throws Exception {
        TestPeer p = TestPeer.connect(httpPort, name, List.of(SrtpProfile.AEAD_AES_128_GCM));
        peers.add(p);
        return p;
    }

    private HttpResponse<String> awaitStatus(String path, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(path);
                if (last.statusCode() == status) return last;
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(20); // a probe's period, shortened
        }
        throw new AssertionError(path + " never answered " + status + ": "
                + (last == null ? "no answer" : last.statusCode() + " " + last.body()));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freeTcpPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

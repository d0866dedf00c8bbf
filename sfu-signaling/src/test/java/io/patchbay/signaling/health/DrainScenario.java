package io.patchbay.signaling.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.auth.AccessControl;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
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

/**
 * The life of a server process as an orchestrator sees it, step by step, each checked: start it with an environment
 * (only {@code PATCHBAY_*} variables, as a container gets them), pass its startup probe, its liveness and readiness
 * probes, let two participants join (with tokens when the environment configures an API key), send SIGTERM, and
 * check the drain from outside: readiness 503 at once while liveness stays 200, a late join refused with
 * {@code server-draining}, both participants told {@code draining}, the process waiting for them and exiting once
 * they leave, and every webhook queued before the exit delivered (to a receiver this scenario runs). Used by the
 * deploy tests' {@code KubeletPlayTest} with the production manifest's environment and probes, in a network
 * namespace; without root, {@link DrainTest} covers the same drain in-process.
 */
public final class DrainScenario implements AutoCloseable {
    /** An HTTP GET probe: path, port, period, failure threshold. */
    public record Probe(String path, int port, int periodSeconds, int failureThreshold) {
    }

    /** What was measured. */
    public record Result(long readyAfterMillis, long notReadyAfterSigtermMillis, int exitCode, long exitAfterLeaveMillis,
                         List<String> webhooks, String output) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<TestPeer> peers = new ArrayList<>();
    private final List<String> delivered = new ArrayList<>();
    private HttpServer receiver;
    private Process server;
    private Path log;

    /**
     * Runs the scenario. {@code env} is the container's environment; the webhook URL is set to this scenario's
     * receiver (and a secret added if none is set). {@code exitWithin}: the time the process has after the last
     * participant left (a pod's grace period less its preStop).
     */
    public Result run(Map<String, String> env, Probe startup, Probe liveness, Probe readiness, Duration exitWithin)
            throws Exception {
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
        log = Files.createTempFile("patchbay-drain-scenario", ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.patchbay.signaling.Main")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> processEnv = pb.environment();
        processEnv.keySet().removeIf(k -> k.startsWith("PATCHBAY_"));
        processEnv.putAll(env);
        processEnv.put("PATCHBAY_WEBHOOK_URLS", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        processEnv.putIfAbsent("PATCHBAY_WEBHOOK_SECRET", "drain-scenario-secret");
        long started = System.nanoTime();
        server = pb.start();

        awaitProbe(startup, 200, "startup");
        long readyMs = (System.nanoTime() - started) / 1_000_000;
        check(status(liveness) == 200, "liveness probe failed after start");
        check(status(readiness) == 200, "readiness probe failed after start");
        int httpPort = readiness.port();

        List<String> tokens = tokens(env, 3);
        TestPeer alice = peer(httpPort, "alice");
        TestPeer bob = peer(httpPort, "bob");
        alice.join("drain-room", true, tokens.get(0));
        bob.join("drain-room", true, tokens.get(1));
        int aliceMark = alice.signaling().mark();
        int bobMark = bob.signaling().mark();

        long sigterm = System.nanoTime();
        server.destroy(); // SIGTERM, as the kubelet sends it
        HttpResponse<String> notReady = awaitProbe(readiness, 503, "readiness after SIGTERM");
        long notReadyMs = (System.nanoTime() - sigterm) / 1_000_000;
        check(JSON.readTree(notReady.body()).path("status").asText().equals("draining"), notReady.body());
        check(status(liveness) == 200, "liveness must stay 200 while draining (a restart would cut the calls)");
        alice.signaling().await(aliceMark, m -> m.path("type").asText().equals("draining"), WAIT);
        bob.signaling().await(bobMark, m -> m.path("type").asText().equals("draining"), WAIT);
        TestPeer late = peer(httpPort, "late");
        int lateMark = late.signaling().mark();
        var join = late.signaling().newMessage("join").put("room", "drain-room").put("name", "late");
        if (tokens.get(2) != null) join.put("token", tokens.get(2));
        late.signaling().send(join);
        JsonNode refused = late.signaling().await(lateMark,
                m -> m.path("type").asText().equals("error") || m.path("type").asText().equals("joined"), WAIT);
        check(refused.path("code").asText().equals("server-draining"), "a join while draining got " + refused);
        check(!server.waitFor(1, TimeUnit.SECONDS), "the process must wait for its participants");

        alice.close();
        bob.close();
        long left = System.nanoTime();
        check(server.waitFor(exitWithin.toMillis(), TimeUnit.MILLISECONDS),
                "the process did not exit within " + exitWithin.toSeconds() + " s of the last participant leaving");
        long exitMs = (System.nanoTime() - left) / 1_000_000;
        List<String> webhooks;
        synchronized (delivered) {
            webhooks = List.copyOf(delivered);
        }
        check(webhooks.stream().filter("participant_left"::equals).count() == 2 && webhooks.contains("room_finished"),
                "webhooks delivered before the exit: " + webhooks);
        String output = Files.readString(log);
        check(output.contains("draining (SIGTERM)"), "the drain is logged");
        return new Result(readyMs, notReadyMs, server.exitValue(), exitMs, webhooks, output);
    }

    /** Join tokens when the environment configures an API key (access control on), else nulls. */
    private static List<String> tokens(Map<String, String> env, int count) {
        String key = env.get("PATCHBAY_API_KEY");
        String secret = env.get("PATCHBAY_API_SECRET");
        List<String> out = new ArrayList<>();
        if (key == null || key.isEmpty() || secret == null) {
            for (int i = 0; i < count; i++) out.add(null);
            return out;
        }
        Vertx vertx = Vertx.vertx();
        try {
            AccessControl access = AccessControl.create(vertx, List.of(new PatchbayConfig.ApiKey(key, secret)));
            for (int i = 0; i < count; i++) out.add(access.mintJoin("user-" + i, "drain-room", "user-" + i, 600, true, true));
        } finally {
            vertx.close();
        }
        return out;
    }

    private TestPeer peer(int httpPort, String name) throws Exception {
        TestPeer p = TestPeer.connect(httpPort, name, List.of(SrtpProfile.AEAD_AES_128_GCM));
        peers.add(p);
        return p;
    }

    /** Polls a probe at its period until it answers {@code want}, at most failureThreshold periods (and 2 s). */
    private HttpResponse<String> awaitProbe(Probe probe, int want, String what) throws Exception {
        long deadline = System.nanoTime()
                + Duration.ofSeconds((long) probe.periodSeconds() * probe.failureThreshold() + 2).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(probe);
                if (last.statusCode() == want) return last;
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(20); // faster than the probe's period: the test measures when the answer changes
        }
        dumpThreads();
        throw new AssertionError(what + ": " + probe.path() + " never answered " + want + " within "
                + probe.periodSeconds() * probe.failureThreshold() + " s: "
                + (last == null ? "no answer" : last.statusCode() + " " + last.body())
                + (server.isAlive() ? " (process alive)" : " (process exited " + server.exitValue() + ")") + "\n"
                + output());
    }

    /** A server that does not answer: SIGQUIT makes its JVM print every thread's stack into the log (it keeps running). */
    private void dumpThreads() throws InterruptedException {
        if (server == null || !server.isAlive()) return;
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(server.pid())).start().waitFor(5, TimeUnit.SECONDS);
            Thread.sleep(1000); // the dump is written by the JVM's signal thread
        } catch (java.io.IOException e) {
            System.err.println("no thread dump: " + e);
        }
    }

    private int status(Probe probe) throws Exception {
        return get(probe).statusCode();
    }

    private HttpResponse<String> get(Probe probe) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probe.port() + probe.path()))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what + "\n" + output());
    }

    private String output() {
        try {
            return log == null ? "" : "server output:\n" + Files.readString(log);
        } catch (java.io.IOException e) {
            return "(server output unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        peers.forEach(TestPeer::close);
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        if (receiver != null) receiver.stop(0);
        if (log != null) Files.deleteIfExists(log);
    }
}

package io.patchbay.signaling.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
 * One cluster node as its own process ({@code java -cp <test classpath> io.patchbay.signaling.Main}, configured only
 * through {@code PATCHBAY_*} variables as an operator would), on 127.0.0.1 with free ports. Stopped by its pid:
 * {@link #kill()} is {@code kill -9}; {@link #close()} sends SIGTERM (drain) and then SIGKILL if it lingers.
 */
public final class ClusterProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final int httpPort;
    public final int mediaPort;
    public final int hazelcastPort;
    public final int busPort;
    private final Path log;
    private Process process;

    private ClusterProcess(int httpPort, int mediaPort, int hazelcastPort, int busPort, Path log) {
        this.httpPort = httpPort;
        this.mediaPort = mediaPort;
        this.hazelcastPort = hazelcastPort;
        this.busPort = busPort;
        this.log = log;
    }

    /** {@code n} nodes that list each other as members, started at once; returns when each lists all of them. */
    public static List<ClusterProcess> startCluster(int n, Map<String, String> extraEnv, Duration timeout)
            throws Exception {
        List<ClusterProcess> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(new ClusterProcess(FreePorts.tcp(), FreePorts.udp(), FreePorts.tcp(), FreePorts.tcp(),
                    Files.createTempFile("patchbay-node-" + i + "-", ".log")));
        }
        String members = String.join(",", nodes.stream().map(p -> "127.0.0.1:" + p.hazelcastPort).toList());
        try {
            for (ClusterProcess node : nodes) node.start(members, extraEnv);
            long deadline = System.nanoTime() + timeout.toNanos();
            for (ClusterProcess node : nodes) {
                while (node.nodeIds().size() != n) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("node on HTTP " + node.httpPort + " lists " + node.nodeIds()
                                + " after " + timeout + ":\n" + node.logTail());
                    }
                    if (!node.process.isAlive()) throw new AssertionError("node exited:\n" + node.logTail());
                    Thread.sleep(100); // polling a starting process
                }
            }
        } catch (Exception | AssertionError e) {
            nodes.forEach(ClusterProcess::close);
            throw e;
        }
        return nodes;
    }

    private void start(String members, Map<String, String> extraEnv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), "io.patchbay.signaling.Main")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PATCHBAY_"));
        env.put("PATCHBAY_HTTP_HOST", "127.0.0.1");
        env.put("PATCHBAY_HTTP_PORT", Integer.toString(httpPort));
        env.put("PATCHBAY_MEDIA_PORT", Integer.toString(mediaPort));
        env.put("PATCHBAY_BIND_ADDRESS", "127.0.0.1");
        env.put("PATCHBAY_CLUSTER_MEMBERS", members);
        env.put("PATCHBAY_CLUSTER_HOST", "127.0.0.1");
        env.put("PATCHBAY_CLUSTER_PORT", Integer.toString(hazelcastPort));
        env.put("PATCHBAY_CLUSTER_BUS_PORT", Integer.toString(busPort));
        env.put("PATCHBAY_CLUSTER_RELAY_PORT", Integer.toString(FreePorts.udp()));
        env.put("PATCHBAY_DRAIN_TIMEOUT_SECONDS", "5");
        env.putAll(extraEnv);
        process = pb.start();
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** This node's cluster id, as it reports itself. */
    public String nodeId() throws Exception {
        return get("/api/v1/nodes").path("self").asText();
    }

    /** The ids this node lists (empty if it does not answer). */
    public List<String> nodeIds() {
        try {
            List<String> ids = new ArrayList<>();
            for (JsonNode n : get("/api/v1/nodes").path("nodes")) ids.add(n.path("id").asText());
            return ids;
        } catch (Exception e) {
            return List.of();
        }
    }

    public JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null);
        return r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body());
    }

    public HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("content-type", "application/json");
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code kill -9}: the node vanishes without a word to the cluster. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file
        }
    }


}

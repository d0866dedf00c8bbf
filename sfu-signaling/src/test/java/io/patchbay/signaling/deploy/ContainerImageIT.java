package io.patchbay.signaling.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.patchbay.signaling.support.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The container image, without a container engine (none can run on this kind of machine, see deploy/README.md):
 * {@code deploy/build-image-root.sh} performs deploy/Dockerfile's build stage into a directory (the same jlink module
 * list, the same layout and command), reusing the shaded jar that {@code package} just built. Then this test plays
 * the kubelet for the rendered production-nat overlay: it runs the init container's command against a fake
 * Kubernetes API, then the server container's command with the environment the manifests declare (ConfigMap,
 * Secrets, downward-API values replaced by test values), as the manifests' non-root user, with a memory limit,
 * polls the startup (readiness) and liveness probes, uses the image's {@code token} command for {@code /metrics},
 * and stops it with SIGTERM.
 * Everything listens on 127.0.0.1.
 */
class ContainerImageIT {
    /** Values the kubelet would fill in from the downward API. */
    private static final Map<String, String> FIELDS = Map.of("status.hostIP", "127.0.0.1", "status.podIP", "127.0.0.1",
            "spec.nodeName", "test-node", "metadata.namespace", "patchbay");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Process> started = new ArrayList<>();
    private HttpServer fakeApi;
    private Path scratch;

    @AfterEach
    void stopEverything() throws Exception {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (fakeApi != null) fakeApi.stop(0);
        if (scratch != null) {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void theStagedImageRunsTheServerTheWayTheManifestsDeclare() throws Exception {
        Path jar = Manifests.repo().resolve("sfu-signaling/target/patchbay.jar");
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": this test runs after package (mvn verify)");
        scratch = Files.createTempDirectory("patchbay-image");
        open(scratch);
        Path root = scratch.resolve("root");

        // 1. The Dockerfile's build stage, on the host.
        long t0 = System.nanoTime();
        Map<String, String> buildEnv = new HashMap<>(System.getenv());
        buildEnv.put("PATCHBAY_JAR", jar.toString());
        Result build = run(List.of(Manifests.deploy().resolve("build-image-root.sh").toString(), root.toString()),
                buildEnv, Manifests.repo(), Duration.ofMinutes(3));
        assertEquals(0, build.exit, build.output);
        System.out.printf("build-image-root.sh: %.1f s%n%s%n", (System.nanoTime() - t0) / 1e9, build.output);
        Path home = root.resolve("opt/patchbay");
        for (String f : List.of("bin/patchbay", "bin/node-address", "jre/bin/java")) assertTrue(Files.isExecutable(home.resolve(f)), f);
        String modules = Files.readAllLines(home.resolve("jre/release")).stream().filter(l -> l.startsWith("MODULES="))
                .findFirst().orElseThrow();
        for (String m : Files.readAllLines(Manifests.deploy().resolve("jre-modules.txt"))) {
            String module = m.replaceAll("#.*", "").trim();
            if (!module.isEmpty()) assertTrue(modules.contains(module), module + " missing from " + modules);
        }
        assertTrue(!modules.contains("jdk.compiler") && !modules.contains("jdk.jshell"), "a runtime, not a JDK: " + modules);

        List<JsonNode> objects = Manifests.render("production-nat");
        JsonNode deployment = Manifests.patchbayDeployment(objects);
        JsonNode podSpec = deployment.path("spec").path("template").path("spec");
        int uid = podSpec.path("securityContext").path("runAsUser").asInt();
        Path run = scratch.resolve("run-patchbay");
        Files.createDirectories(run);
        open(run);

        // 2. The init container: the node's public address from a fake Kubernetes API.
        AtomicReference<String> authorization = new AtomicReference<>();
        fakeApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fakeApi.createContext("/api/v1/nodes/test-node", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("authorization"));
            byte[] body = ("{\"kind\":\"Node\",\"metadata\":{\"name\":\"test-node\",\"annotations\":{}},\"status\":"
                    + "{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"10.0.0.7\"},"
                    + "{\"type\":\"ExternalIP\",\"address\":\"127.0.0.1\"}]}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fakeApi.start();
        Path serviceAccount = scratch.resolve("serviceaccount");
        Files.createDirectories(serviceAccount);
        open(serviceAccount);
        Files.writeString(serviceAccount.resolve("token"), "test-token\n");
        open(serviceAccount.resolve("token"));
        JsonNode init = podSpec.path("initContainers").path(0);
        Map<String, String> initEnv = containerEnv(Manifests.environment(objects, init, FIELDS));
        initEnv.put("PATCHBAY_KUBERNETES_API", "http://127.0.0.1:" + fakeApi.getAddress().getPort());
        initEnv.put("PATCHBAY_SERVICE_ACCOUNT_DIR", serviceAccount.toString());
        Result initRun = run(asUser(uid, command(init, root, run)), initEnv, root, Duration.ofSeconds(60));
        assertEquals(0, initRun.exit, initRun.output);
        assertEquals("127.0.0.1\n", Files.readString(run.resolve("public-address")), "the node's ExternalIP");
        assertEquals("Bearer test-token", authorization.get());

        // 3. The server container: its command (the image's entrypoint), the declared environment, a memory limit.
        JsonNode server = Manifests.container(deployment, "patchbay");
        assertTrue(server.path("command").isMissingNode() && server.path("args").isMissingNode(), "the image's own command");
        Map<String, String> env = containerEnv(Manifests.environment(objects, server, FIELDS));
        env.put("PATCHBAY_PUBLIC_ADDRESS_FILE", remap(env.get("PATCHBAY_PUBLIC_ADDRESS_FILE"), root, run));
        int httpPort = FreePorts.tcp();
        // Safety and a shared machine: loopback only, free ports (the manifests' 8080/10000 may be taken).
        env.put("PATCHBAY_HTTP_HOST", "127.0.0.1");
        env.put("PATCHBAY_HTTP_PORT", Integer.toString(httpPort));
        env.put("PATCHBAY_MEDIA_PORT", Integer.toString(FreePorts.udp()));
        env.put("PATCHBAY_BIND_ADDRESS", "127.0.0.1");
        // The cluster's Kubernetes discovery runs as declared, on a name this machine resolves without DNS (no
        // lookup leaves it): Hazelcast starts in the jlinked runtime and finds only this node.
        assertTrue(env.containsKey("PATCHBAY_CLUSTER_KUBERNETES_SERVICE_DNS"), "the manifests turn the cluster on");
        env.put("PATCHBAY_CLUSTER_KUBERNETES_SERVICE_DNS", "localhost");
        int clusterPort = FreePorts.tcp();
        env.put("PATCHBAY_CLUSTER_PORT", Integer.toString(clusterPort));
        env.put("PATCHBAY_CLUSTER_BUS_PORT", Integer.toString(FreePorts.tcp()));
        env.put("PATCHBAY_CLUSTER_RELAY_PORT", Integer.toString(FreePorts.udp()));
        // The container's memory limit, as the JVM would read it from its cgroup.
        long limitBytes = bytes(server.path("resources").path("limits").path("memory").asText());
        env.put("PATCHBAY_JAVA_OPTS", "-XX:MaxRAM=" + limitBytes);
        Process p = start(asUser(uid, List.of(home.resolve("bin/patchbay").toString())), env, root, scratch.resolve("server.log"));
        URI base = URI.create("http://127.0.0.1:" + httpPort);
        // As the kubelet: the startup probe until it passes (the media port's self-probe included), then liveness.
        String startup = server.path("startupProbe").path("httpGet").path("path").asText();
        String liveness = server.path("livenessProbe").path("httpGet").path("path").asText();
        long t2 = System.nanoTime();
        awaitOk(p, base.resolve(startup), scratch.resolve("server.log"));
        System.out.printf("staged server ready (%s) %.1f s after start%n", startup, (System.nanoTime() - t2) / 1e9);
        assertEquals(200, get(base.resolve(liveness), null).statusCode(), liveness);
        assertEquals(uid, processUid(p.pid()), "the server runs as the manifests' runAsUser");

        // 4. The image's token command, then /metrics with it (access control is on: the manifests set an API key).
        Result token = run(asUser(uid, List.of(home.resolve("bin/patchbay").toString(), "token", "--admin", "--ttl", "60")),
                env, root, Duration.ofSeconds(60));
        assertEquals(0, token.exit, token.output);
        String jwt = token.output.lines().filter(l -> l.chars().filter(c -> c == '.').count() == 2).findFirst()
                .orElseThrow(() -> new AssertionError("no token in: " + token.output));
        assertEquals(401, get(base.resolve("/metrics"), null).statusCode());
        HttpResponse<String> metrics = get(base.resolve("/metrics"), jwt);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("patchbay_rooms "), "patchbay metrics");
        assertTrue(metrics.body().contains("patchbay_cluster_nodes 1.0"), "a cluster of one: Hazelcast runs in the image");
        double heapMax = metrics.body().lines().filter(l -> l.startsWith("jvm_memory_max_bytes{area=\"heap\",id=\"G1 Old Gen\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("G1 heap metrics missing"));
        assertTrue(heapMax > 0.5 * limitBytes && heapMax <= 0.61 * limitBytes,
                "heap max " + heapMax + " for a limit of " + limitBytes + " (MaxRAMPercentage=60)");

        // 5. SIGTERM, as the kubelet sends after preStop: the process ends within the grace period.
        int grace = podSpec.path("terminationGracePeriodSeconds").asInt();
        long t1 = System.nanoTime();
        p.destroy();
        assertTrue(p.waitFor(grace, TimeUnit.SECONDS), "still running " + grace + " s after SIGTERM");
        System.out.printf("exited %d, %.1f s after SIGTERM%n", p.exitValue(), (System.nanoTime() - t1) / 1e9);
    }

    /** The environment a container starts with: the image's (deploy/Dockerfile ENV, its user's HOME) plus Kubernetes'. */
    private static Map<String, String> containerEnv(Map<String, String> declared) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", "/nonexistent");
        env.put("LANG", "C.UTF-8");
        env.putAll(declared);
        return env;
    }

    /** A container's command with its in-image paths moved into the staged root and /run/patchbay into {@code run}. */
    private static List<String> command(JsonNode container, Path root, Path run) {
        List<String> out = new ArrayList<>();
        container.path("command").forEach(a -> out.add(remap(a.asText(), root, run)));
        container.path("args").forEach(a -> out.add(remap(a.asText(), root, run)));
        return out;
    }

    private static String remap(String path, Path root, Path run) {
        if (path.startsWith("/opt/patchbay/")) return root + path;
        if (path.startsWith("/run/patchbay/")) return run.resolve(path.substring("/run/patchbay/".length())).toString();
        return path;
    }

    /** Runs as the manifests' user when this test runs as root (setpriv, util-linux); otherwise as we are. */
    private static List<String> asUser(int uid, List<String> command) throws IOException {
        List<String> out = new ArrayList<>();
        if (isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            out.addAll(List.of("/usr/bin/setpriv", "--reuid", Integer.toString(uid), "--regid", Integer.toString(uid), "--clear-groups"));
        } else {
            System.out.println("not root: the staged image runs as this user, not uid " + uid);
        }
        out.addAll(command);
        return out;
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> command, Map<String, String> env, Path dir, Duration timeout) throws Exception {
        Path log = Files.createTempFile(scratch, "run", ".log");
        Process p = start(command, env, dir, log);
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(command + " did not finish in " + timeout + ":\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }

    private Process start(List<String> command, Map<String, String> env, Path dir, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** Waits until {@code uri} answers 200; fails if the process exits or it does not within 60 s. */
    private static void awaitOk(Process p, URI uri, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) fail("the staged server exited with " + p.exitValue() + ":\n" + Files.readString(log));
            try {
                last = get(uri, null).statusCode();
                if (last == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        fail(uri + " did not answer 200 within 60 s (last " + last + "):\n" + Files.readString(log));
    }

    private static HttpResponse<String> get(URI uri, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2));
        if (bearer != null) b.header("authorization", "Bearer " + bearer);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Kubernetes quantities as the manifests write memory: 512Mi, 4Gi, or bytes. */
    static long bytes(String quantity) {
        if (quantity.endsWith("Gi")) return Long.parseLong(quantity.substring(0, quantity.length() - 2)) << 30;
        if (quantity.endsWith("Mi")) return Long.parseLong(quantity.substring(0, quantity.length() - 2)) << 20;
        return Long.parseLong(quantity);
    }

    private static int processUid(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Uid:")) return Integer.parseInt(line.split("\\s+")[1]);
        }
        throw new IOException("no Uid for " + pid);
    }

    private static boolean isRoot() throws IOException {
        return processUid(ProcessHandle.current().pid()) == 0;
    }

    /** Readable and searchable by the unprivileged user the image runs as. */
    private static void open(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx" : "rw-r--r--"));
    }


}

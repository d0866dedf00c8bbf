package io.patchbay.load.sfu;

import io.patchbay.load.client.ClientRuntime;
import io.patchbay.load.peer.SrtpProfile;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Patchbay as the SFU under test: either a server this generator starts ({@link #start}, its own process, so its
 * CPU is measured apart from ours) or one already running ({@link #attach}, with its pid for CPU).
 */
public final class PatchbayTarget implements SfuTarget {
    /** Connections per address and participants for a server we start: more than any ramp reaches. */
    static final int GENERATOR_LIMIT = 100_000;

    private final ClientRuntime runtime;
    private final URI httpBase;
    private final long pid;
    private final Process process;
    private final List<SrtpProfile> profiles;
    private final long videoBps;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService offers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "patchbay-offers");
        t.setDaemon(true);
        return t;
    });
    private final String version;

    private PatchbayTarget(ClientRuntime runtime, URI httpBase, long pid, Process process, List<SrtpProfile> profiles,
                           long videoBps) throws IOException, InterruptedException {
        this.runtime = runtime;
        this.httpBase = httpBase;
        this.pid = pid;
        this.process = process;
        this.profiles = profiles;
        this.videoBps = videoBps;
        this.version = fetchVersion();
    }

    /**
     * Starts {@code java -jar <jar>} with the given media threads, HTTP on {@code host:httpPort} and media UDP on
     * {@code host:mediaPort}; its output goes to {@code log}. Waits until /health answers.
     */
    public static PatchbayTarget start(ClientRuntime runtime, Path jar, String host, int httpPort, int mediaPort,
                                       List<String> jvmOptions, Map<String, String> extraEnv, Path log, List<SrtpProfile> profiles, long videoBps,
                                       Duration timeout) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("PATCHBAY_HTTP_HOST", host);
        env.put("PATCHBAY_HTTP_PORT", Integer.toString(httpPort));
        env.put("PATCHBAY_MEDIA_PORT", Integer.toString(mediaPort));
        env.put("PATCHBAY_BIND_ADDRESS", host);
        // Every simulated participant comes from this one address, and a ramp goes past the production defaults
        // (64 connections per address, 300 participants): the server under test gets room for the whole run.
        env.put("PATCHBAY_MAX_CONNECTIONS_PER_IP", Integer.toString(GENERATOR_LIMIT));
        env.put("PATCHBAY_MAX_PARTICIPANTS", Integer.toString(GENERATOR_LIMIT));
        env.putAll(extraEnv);
        env.remove("PATCHBAY_API_KEY");
        env.remove("PATCHBAY_API_SECRET");
        Process p = pb.start();
        ChildProcesses.started(p);
        URI base = URI.create("http://" + host + ":" + httpPort);
        try {
            awaitHealthy(base, p, log, timeout);
            return new PatchbayTarget(runtime, base, p.pid(), p, profiles, videoBps);
        } catch (IOException | InterruptedException | RuntimeException e) {
            ChildProcesses.stop(p);
            throw e;
        }
    }

    /** A server that is already running at {@code httpBase} with process id {@code pid}. */
    public static PatchbayTarget attach(ClientRuntime runtime, URI httpBase, long pid, List<SrtpProfile> profiles,
                                        long videoBps) throws IOException, InterruptedException {
        return new PatchbayTarget(runtime, httpBase, pid, null, profiles, videoBps);
    }

    private static void awaitHealthy(URI base, Process p, Path log, Duration timeout)
            throws IOException, InterruptedException {
        HttpClient c = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("patchbay exited with " + p.exitValue() + "; log " + log + ":\n" + tail(log));
            }
            try {
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(base.resolve("/health"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(100);
        }
        throw new IOException("patchbay did not answer /health within " + timeout + "; log " + log + ":\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private String fetchVersion() throws IOException, InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(httpBase.resolve("/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("version")
                    .asText("unknown");
        } catch (IOException | RuntimeException e) {
            // Reported as unknown.
        }
        return "unknown";
    }

    @Override
    public String name() {
        return "patchbay";
    }

    /** Where its HTTP API answers. */
    public URI httpBase() {
        return httpBase;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public SimulatedParticipant join(String room, String name, boolean publish, boolean subscribe, Duration timeout)
            throws Exception {
        return join(room, name, publish, subscribe, timeout, ParticipantEvents.NONE);
    }

    /** As {@link #join(String, String, boolean, boolean, Duration)}, reporting the join's moments to {@code events}. */
    public SimulatedParticipant join(String room, String name, boolean publish, boolean subscribe, Duration timeout,
                                     ParticipantEvents events) throws Exception {
        return join(room, name, publish, subscribe, null, timeout, events);
    }

    @Override
    public SimulatedParticipant join(String room, String name, boolean publish, boolean subscribe, SimulcastRole role,
                                     Duration timeout) throws Exception {
        return join(room, name, publish, subscribe, role, timeout, ParticipantEvents.NONE);
    }

    private SimulatedParticipant join(String room, String name, boolean publish, boolean subscribe,
                                      SimulcastRole role, Duration timeout, ParticipantEvents events) throws Exception {
        URI ws = URI.create("ws://" + httpBase.getHost() + ":" + httpBase.getPort() + "/ws");
        return PatchbayParticipant.join(runtime, http, ws, room, name, publish, subscribe, role, profiles, videoBps,
                offers, timeout, events);
    }

    @Override
    public ServerDelay forwardDelay() {
        String text = metricsText();
        return text == null ? null : ServerDelay.parse(text, "patchbay_media_forward_delay_seconds");
    }

    @Override
    public ServerMemory memory() {
        String text = metricsText();
        if (text == null) return null;
        double heap = PrometheusText.sum(text, "jvm_memory_used_bytes", "area=\"heap\"");
        double pauseSeconds = PrometheusText.sum(text, "jvm_gc_pause_seconds_sum");
        double pauseMax = PrometheusText.max(text, "jvm_gc_pause_seconds_max");
        if (Double.isNaN(heap)) return null;
        return new ServerMemory((long) heap, Double.isNaN(pauseSeconds) ? -1 : pauseSeconds * 1000,
                Double.isNaN(pauseMax) ? -1 : pauseMax * 1000);
    }

    /** The server's {@code /metrics} text, or null when it does not answer within 2 s. */
    private String metricsText() {
        try {
            return http.send(HttpRequest.newBuilder(httpBase.resolve("/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        offers.shutdownNow();
        if (process != null) ChildProcesses.stop(process);
    }

}

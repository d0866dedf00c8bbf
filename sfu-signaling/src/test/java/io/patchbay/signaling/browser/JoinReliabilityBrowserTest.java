package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.signaling.PatchbayServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Joins must always connect (the issue: "in 3 of 10 tries a subscriber connection never got a selected ICE pair",
 * when the server's ICE agent and the browser were both controlled on the subscriber connection). {@link JoinLoop}:
 * page A publishes and stays, page B joins and leaves 100 times in a row, and every round must decode A's video and
 * connect B's publisher, and A must decode B's video (A's one subscriber connection lives through all 100 rounds of
 * renegotiation); each round's time from join to A's first decoded frame is printed with p50/p90/max. The loop stops
 * after 5 failed rounds in a row.
 *
 * <p>Two variants: on this JVM's loopback, and in a network namespace with only {@code lo} (server, chromedriver and
 * both browsers in a child JVM started with {@code ip netns exec}), where nothing but the test's own traffic exists.
 * The namespace variant needs root; without it it fails under CI ({@code CI} set) and is skipped loudly elsewhere.
 * Set {@code -Dpatchbay.joinloop.rounds=N} to loop longer (or shorter).
 */
class JoinReliabilityBrowserTest {
    private static final int ROUNDS = Integer.getInteger("patchbay.joinloop.rounds", 100);
    /**
     * A join that decodes nothing in 15 s has failed. A healthy one takes well under a second on an idle machine, and
     * up to about 10 s on this 2-core machine when others load it 20-fold; one that never gets a nominated ICE pair
     * never connects at all.
     */
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(15);

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @Test
    void everyJoinOfAHundredConnectsAndDecodes() throws Exception {
        try (PatchbayServer server = JoinLoop.startLoopbackServer()) {
            JoinLoop.Result result = JoinLoop.run("http://127.0.0.1:" + server.httpPort(), ROUNDS, ROUND_TIMEOUT,
                    System.out);
            System.out.println("join loop on loopback: " + result.summary());
            assertEquals(List.of(), result.failures().stream().map(JoinLoop.Round::number).toList(),
                    "rounds whose connection failed, of " + ROUNDS + ": " + result.summary());
            assertEquals(ROUNDS, result.rounds().size(), result.summary());
        }
    }

    @Test
    void everyJoinOfAHundredConnectsInALoopbackOnlyNetworkNamespace() throws Exception {
        requireNamespaces();
        String namespace = "pbjoin" + ProcessHandle.current().pid();
        run("ip", "netns", "add", namespace);
        try {
            run("ip", "-n", namespace, "link", "set", "lo", "up");
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
                    ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"),
                    JoinLoop.class.getName(), String.valueOf(ROUNDS), String.valueOf(ROUND_TIMEOUT.toMillis())));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        System.out.println("[netns] " + line);
                        output.add(line);
                    }
                } catch (IOException e) {
                    output.add("(reading the child's output failed: " + e + ")");
                }
            }, "netns-join-loop-output");
            reader.setDaemon(true);
            reader.start();
            // Each round ends within its timeout; browsers and the server start and stop in well under a minute.
            long limitSeconds = ROUNDS * (ROUND_TIMEOUT.toSeconds() + 2) + 120;
            boolean ended = child.waitFor(limitSeconds, TimeUnit.SECONDS);
            if (!ended) stopChild(child);
            reader.join(10_000);
            List<String> lines;
            synchronized (output) {
                lines = new ArrayList<>(output);
            }
            String resultLine = lines.stream().filter(l -> l.startsWith(JoinLoop.RESULT_PREFIX)).findFirst()
                    .orElse(null);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 40), lines.size());
            assertTrue(ended, "the loop in namespace " + namespace + " did not end within " + limitSeconds
                    + " s and was stopped; its last lines:\n" + String.join("\n", tail));
            int exit = child.exitValue();
            assertTrue(resultLine != null, "the loop in namespace " + namespace + " ended (exit " + exit
                    + ") without a result; its last lines:\n" + String.join("\n", tail));
            System.out.println("join loop in a loopback-only namespace: " + resultLine);
            assertTrue(resultLine.contains(" failures=0 "), "some joins failed in the namespace: " + resultLine);
            assertEquals(0, exit, "the loop in the namespace failed: " + resultLine);
        } finally {
            run("ip", "netns", "del", namespace);
        }
    }

    /** Stops a child JVM that hangs, and what it started, by pid. */
    private static void stopChild(Process child) throws InterruptedException {
        child.descendants().forEach(ProcessHandle::destroy);
        child.destroy();
        if (!child.waitFor(10, TimeUnit.SECONDS)) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Root and iproute2, or a loud skip (a failure under CI, which runs as root). */
    private static void requireNamespaces() {
        Optional<String> missing = Optional.empty();
        if (!isRoot()) {
            missing = Optional.of("creating a network namespace needs root");
        } else if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))
                && !Files.isExecutable(Path.of("/usr/bin/ip"))) {
            missing = Optional.of("iproute2's ip is not installed");
        }
        if (missing.isEmpty()) return;
        String message = "the join loop in a network namespace NOT RUN: " + missing.get();
        System.err.println("SKIPPED: " + message);
        if (System.getenv("CI") != null) Assertions.fail(message + " (CI runs as root)");
        Assumptions.abort(message);
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[1].equals("0");
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.trim());
        }
    }
}

package io.patchbay.signaling.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace a test makes for itself ({@code ip netns add}, deleted on {@link #close()}), and a child JVM
 * run inside it with this test classpath, whose output is echoed and kept. Needs root: without it a test fails
 * under CI ({@code CI} set, which runs as root) and is skipped loudly elsewhere.
 */
public final class NetworkNamespace implements AutoCloseable {
    private final String name;

    /** What a child JVM printed, whether it ended within its limit, and its exit code (-1 if it did not end). */
    /** The line {@link #childMain} prints before the failure's stack trace. */
    static final String FAILURE_MARKER = "CHILD-CALL-FAILED";

    public record ChildRun(boolean ended, int exit, List<String> lines) {
        /** The first line starting with {@code prefix}, or null. */
        public String line(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
        }

        /**
         * The child's failure as {@link #childMain} printed it (up to 120 lines from its marker) or, without one, its
         * last 40 lines.
         */
        public String tail() {
            int failure = lines.indexOf(FAILURE_MARKER);
            if (failure >= 0) return String.join("\n", lines.subList(failure + 1, Math.min(lines.size(), failure + 121)));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
    }

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Creates namespace {@code prefix<pid>} with {@code lo} up, or skips/fails as the class comment says. */
    public static NetworkNamespace create(String prefix, String what) throws IOException, InterruptedException {
        require(what);
        NetworkNamespace ns = new NetworkNamespace(prefix + ProcessHandle.current().pid());
        run("ip", "netns", "add", ns.name);
        try {
            ns.ip("link", "set", "lo", "up");
        } catch (IOException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    String name() {
        return name;
    }

    /** {@code ip -n NAME args...}; returns what it printed. */
    public String ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /**
     * A veth pair inside the namespace, both ends up with an address each ({@code 10.77.0.1/24} or
     * {@code fd78::1/64} style): a LAN
     * address that the kernel delivers locally, for browsers that want more than loopback (TESTING.md).
     */
    public void addVethPair(String addressA, String addressB) throws IOException, InterruptedException {
        ip("link", "add", "va", "type", "veth", "peer", "name", "vb");
        // IPv6 addresses skip duplicate address detection, which would keep them unusable for a second or two.
        String[] noDad = addressA.contains(":") ? new String[] {"nodad"} : new String[0];
        ip(concat(new String[] {"addr", "add", addressA, "dev", "va"}, noDad));
        ip(concat(new String[] {"addr", "add", addressB, "dev", "vb"}, noDad));
        ip("link", "set", "va", "up");
        ip("link", "set", "vb", "up");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Runs {@code command} inside the namespace ({@code ip netns exec}); returns what it printed. */
    public String exec(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** Runs {@code main} of {@code mainClass} in a child JVM inside the namespace; stops it after {@code limitSeconds}. */
    public ChildRun runJava(Class<?> mainClass, List<String> args, long limitSeconds) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name,
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread reader = echo(child, "netns", output);
        boolean ended = child.waitFor(limitSeconds, TimeUnit.SECONDS);
        if (!ended) stopTree(child);
        reader.join(10_000);
        synchronized (output) {
            return new ChildRun(ended, ended ? child.exitValue() : -1, new ArrayList<>(output));
        }
    }

    /**
     * Runs a {@link #childMain} call in a child JVM here and returns its result line (with {@code resultPrefix});
     * fails with the child's last lines when it did not end in time, printed no result, or exited non-zero.
     */
    public String runCall(Class<?> mainClass, List<String> args, long limitSeconds, String resultPrefix)
            throws Exception {
        ChildRun child = runJava(mainClass, args, limitSeconds);
        String result = child.line(resultPrefix);
        Assertions.assertTrue(child.ended() && result != null, "the call in namespace " + name + " (exit "
                + child.exit() + "); its failure or last lines:\n" + child.tail());
        Assertions.assertEquals(0, child.exit(), result);
        return result;
    }

    /** What a child JVM's main does: the call's result. */
    @FunctionalInterface
    interface ChildCall {
        String run() throws Exception;
    }

    /**
     * The body of a {@link #runJava} child's {@code main}: prints {@code resultPrefix} and the call's result and exits
     * 0, or prints the failure and exits 1.
     */
    static void childMain(String resultPrefix, ChildCall call) {
        int exit;
        try {
            System.out.println(resultPrefix + call.run());
            exit = 0;
        } catch (Throwable t) {
            System.out.println(FAILURE_MARKER);
            t.printStackTrace(System.out);
            exit = 1;
        }
        System.out.flush();
        System.exit(exit);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("ip", "netns", "del", name);
    }

    /**
     * Prints each line {@code process} writes (prefixed with {@code [label]}) and keeps it in {@code output}, on a
     * daemon thread, which it returns.
     */
    static Thread echo(Process process, String label, List<String> output) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.out.println("[" + label + "] " + line);
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(reading " + label + "'s output failed: " + e + ")");
            }
        }, label + "-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /**
     * Stops a process and everything it started, by pid: politely, then forcibly for what is still there after 10 s
     * (browsers' content processes are children of a fork server, not of the process launched).
     */
    static void stopTree(Process process) throws InterruptedException {
        List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle h : descendants) {
            if (h.isAlive()) h.destroyForcibly();
        }
    }

    /** Root and iproute2, or a loud skip (a failure under CI, which runs as root). */
    private static void require(String what) {
        Optional<String> missing = Optional.empty();
        if (!isRoot()) {
            missing = Optional.of("creating a network namespace needs root");
        } else if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))
                && !Files.isExecutable(Path.of("/usr/bin/ip"))) {
            missing = Optional.of("iproute2's ip is not installed");
        }
        if (missing.isEmpty()) return;
        String message = what + " NOT RUN: " + missing.get();
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

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.trim());
        }
        return output;
    }
}

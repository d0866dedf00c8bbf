package io.patchbay.load.janus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private network namespace joined to this one by a veth pair: {@code va} inside with {@link #INSIDE_IP}, {@code vb}
 * here with {@link #OUTSIDE_IP}. Janus runs inside (it gathers no loopback candidates, and va is a real interface);
 * this JVM's clients reach it from {@link #OUTSIDE_IP}. Nothing is routed beyond the /24 between the two ends.
 * Needs root and iproute2. Closing deletes the namespace, which removes both ends of the pair.
 */
public final class NetworkNamespace implements AutoCloseable {
    public static final String INSIDE_INTERFACE = "va";
    public static final String INSIDE_IP = "10.78.0.1";
    public static final String OUTSIDE_IP = "10.78.0.2";

    private final String name;
    private final String outsideInterface;

    private NetworkNamespace(String name, String outsideInterface) {
        this.name = name;
        this.outsideInterface = outsideInterface;
    }

    /** Creates {@code name}; fails with iproute2's message if it cannot. */
    public static NetworkNamespace create(String name) throws IOException, InterruptedException {
        String outside = "vb" + Math.abs(name.hashCode() % 100000);
        NetworkNamespace ns = new NetworkNamespace(name, outside);
        try {
            run("ip", "netns", "add", name);
            run("ip", "-n", name, "link", "set", "lo", "up");
            run("ip", "link", "add", outside, "type", "veth", "peer", "name", INSIDE_INTERFACE, "netns", name);
            run("ip", "-n", name, "addr", "add", INSIDE_IP + "/24", "dev", INSIDE_INTERFACE);
            run("ip", "-n", name, "link", "set", INSIDE_INTERFACE, "up");
            run("ip", "addr", "add", OUTSIDE_IP + "/24", "dev", outside);
            run("ip", "link", "set", outside, "up");
            return ns;
        } catch (IOException | InterruptedException e) {
            ns.close();
            throw e;
        }
    }

    /** Prefix that runs a command inside the namespace. */
    public List<String> execPrefix() {
        return List.of("ip", "netns", "exec", name);
    }

    public String name() {
        return name;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.trim());
        }
    }

    @Override
    public void close() {
        List<List<String>> cleanup = new ArrayList<>();
        cleanup.add(List.of("ip", "link", "del", outsideInterface));
        cleanup.add(List.of("ip", "netns", "del", name));
        for (List<String> c : cleanup) {
            try {
                new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                        .waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // Best effort: the next step still runs.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

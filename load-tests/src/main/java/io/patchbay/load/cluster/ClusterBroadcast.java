package io.patchbay.load.cluster;

import io.patchbay.load.client.ClientConnection;
import io.patchbay.load.client.ClientRuntime;
import io.patchbay.load.client.Cpu;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.sfu.PatchbayTarget;
import io.patchbay.load.sfu.SimulatedParticipant;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./patchbay load --nodes N}: a broadcast across a cluster. N Patchbay processes on this machine form a
 * cluster with media on the edge (each participant's media on the node its socket reached); one publisher joins node 0
 * and the subscribers are spread over the nodes in turn, so the publisher's track is relayed once to each other node.
 * Measured over a window: packets that cross between nodes per published packet, and on each node the packets it
 * forwards to subscribers and its CPU per forwarded packet (relay work included).
 */
public final class ClusterBroadcast {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern NUMBER = Pattern.compile(" ([0-9.E+-]+)$");

    /** What is measured of one node over the window. */
    record NodeWindow(int node, int subscribers, double cpuSeconds, double forwarded, double relaySent,
                      double relayReceived) {
    }

    private final ClientRuntime runtime;
    private final Path jar;
    private final String bind;
    private final int nodes;
    private final int subscribers;
    private final Duration settle;
    private final Duration window;
    private final long videoBps;
    private final Path outDir;
    private final PrintStream progress;
    private final HttpClient http = HttpClient.newHttpClient();

    public ClusterBroadcast(ClientRuntime runtime, Path jar, String bind, int nodes, int subscribers, Duration settle,
                            Duration window, long videoBps, Path outDir, PrintStream progress) {
        if (nodes < 2) throw new IllegalArgumentException("--nodes: at least 2");
        this.runtime = runtime;
        this.jar = jar;
        this.bind = bind;
        this.nodes = nodes;
        this.subscribers = subscribers;
        this.settle = settle;
        this.window = window;
        this.videoBps = videoBps;
        this.outDir = outDir;
        this.progress = progress;
    }

    /** Runs it; returns the report's text (also written to {@code cluster-broadcast.txt}). */
    public String run(String command) throws Exception {
        Files.createDirectories(outDir);
        List<Integer> hazelcast = new ArrayList<>();
        for (int i = 0; i < nodes; i++) hazelcast.add(freeTcp());
        String members = String.join(",", hazelcast.stream().map(p -> bind + ":" + p).toList());
        List<CompletableFuture<PatchbayTarget>> starting = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            int index = i;
            Map<String, String> env = new HashMap<>();
            env.put("PATCHBAY_CLUSTER_MEMBERS", members);
            env.put("PATCHBAY_CLUSTER_HOST", bind);
            env.put("PATCHBAY_CLUSTER_PORT", Integer.toString(hazelcast.get(i)));
            env.put("PATCHBAY_CLUSTER_BUS_PORT", Integer.toString(freeTcp()));
            env.put("PATCHBAY_CLUSTER_RELAY_PORT", Integer.toString(freeUdp()));
            env.put("PATCHBAY_CLUSTER_MEDIA", "edge");
            int httpPort = freeTcp();
            int mediaPort = freeUdp();
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return PatchbayTarget.start(runtime, jar, bind, httpPort, mediaPort, List.of("-Xms512m", "-Xmx2g"),
                            env, outDir.resolve("patchbay-node-" + index + ".log"),
                            List.of(SrtpProfile.AEAD_AES_128_GCM), videoBps, Duration.ofSeconds(60));
                } catch (Exception e) {
                    throw new IllegalStateException("node " + index + ": " + e.getMessage(), e);
                }
            }));
        }
        List<PatchbayTarget> targets = new ArrayList<>();
        List<SimulatedParticipant> everyone = new ArrayList<>();
        try {
            for (CompletableFuture<PatchbayTarget> s : starting) targets.add(s.join());
            awaitMembers(targets);
            progress.println("cluster: " + nodes + " nodes up; measuring their idle CPU for 5 s");
            double[] idleCores = idleCores(targets, Duration.ofSeconds(5));
            SimulatedParticipant publisher = targets.get(0).join("cluster-broadcast", "publisher", true, false,
                    JOIN_TIMEOUT);
            everyone.add(publisher);
            int[] perNode = new int[nodes];
            for (int i = 0; i < subscribers; i++) {
                int node = i % nodes;
                everyone.add(targets.get(node).join("cluster-broadcast", "sub-" + i, false, true, JOIN_TIMEOUT));
                perNode[node]++;
            }
            progress.println("cluster: " + subscribers + " subscribers joined; settling " + settle.toSeconds() + " s");
            Thread.sleep(settle.toMillis());
            String report = measure(targets, publisher, everyone, perNode, idleCores, command);
            Files.writeString(outDir.resolve("cluster-broadcast.txt"), report);
            return report;
        } finally {
            for (int i = everyone.size() - 1; i >= 0; i--) everyone.get(i).close();
            for (PatchbayTarget t : targets) t.close();
            for (CompletableFuture<PatchbayTarget> s : starting) s.thenAccept(PatchbayTarget::close);
        }
    }

    /** Each node's CPU (cores) with no participant: cluster heartbeats, load reports, the JVM. */
    private static double[] idleCores(List<PatchbayTarget> targets, Duration window) throws Exception {
        double[] before = new double[targets.size()];
        for (int i = 0; i < before.length; i++) before[i] = Cpu.processCpuSeconds(targets.get(i).pid());
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] cores = new double[before.length];
        for (int i = 0; i < cores.length; i++) {
            cores[i] = (Cpu.processCpuSeconds(targets.get(i).pid()) - before[i]) / seconds;
        }
        return cores;
    }

    private String measure(List<PatchbayTarget> targets, SimulatedParticipant publisher,
                           List<SimulatedParticipant> everyone, int[] perNode, double[] idleCores, String command)
            throws Exception {
        List<double[]> before = new ArrayList<>();
        for (PatchbayTarget t : targets) before.add(sample(t));
        long published0 = publisher.publisher().media().packetsSent();
        long[] sinks0 = sinkTotals(everyone);
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        long[] sinks1 = sinkTotals(everyone);
        long published1 = publisher.publisher().media().packetsSent();
        List<NodeWindow> windows = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            double[] a = sample(targets.get(i));
            double[] b = before.get(i);
            windows.add(new NodeWindow(i, perNode[i], a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3]));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long published = published1 - published0;
        long received = sinks1[0] - sinks0[0];
        long expected = Math.max(received, sinks1[1] - sinks0[1]);
        return format(windows, idleCores, published, seconds, received, expected, command);
    }

    private String format(List<NodeWindow> windows, double[] idleCores, long published, double seconds, long received,
                          long expected, String command) {
        StringBuilder sb = new StringBuilder();
        sb.append("command: ").append(command).append('\n');
        sb.append(String.format("cluster broadcast: 1 publisher (audio + %d kbps video) on node 0, %d subscribers over"
                + " %d nodes, media on the edge, %.1f s window%n", videoBps / 1000, subscribers, nodes, seconds));
        sb.append(String.format("%-5s %11s %15s %16s %16s %10s %10s %14s %14s%n", "node", "subscribers",
                "forwarded pkt/s", "relay sent pkt/s", "relay recv pkt/s", "CPU cores", "idle cores", "CPU us/fwd pkt",
                "above idle"));
        double relayed = 0;
        for (NodeWindow w : windows) {
            relayed += w.relaySent();
            double idle = idleCores[w.node()];
            double busySeconds = w.cpuSeconds() - idle * seconds;
            sb.append(String.format("%-5d %11d %,15.0f %,16.0f %,16.0f %10.2f %10.2f %14.2f %14.2f%n", w.node(),
                    w.subscribers(), w.forwarded() / seconds, w.relaySent() / seconds, w.relayReceived() / seconds,
                    w.cpuSeconds() / seconds, idle, w.forwarded() == 0 ? Double.NaN : w.cpuSeconds() * 1e6 / w.forwarded(),
                    w.forwarded() == 0 ? Double.NaN : busySeconds * 1e6 / w.forwarded()));
        }
        double loss = expected == 0 ? 0 : 1.0 - (double) received / expected;
        sb.append(String.format("published %,.0f pkt/s; relay packets (RTP+RTCP, all nodes) per published packet: %.2f"
                + " (%d other nodes); subscribers' loss %.3f%%%n", published / seconds,
                published == 0 ? Double.NaN : relayed / published, nodes - 1, loss * 100));
        return sb.toString();
    }

    /** [process CPU s, packets forwarded, relay packets sent, relay packets received] of one node now. */
    private double[] sample(PatchbayTarget t) throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(URI.create(base(t) + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        return new double[] {Cpu.processCpuSeconds(t.pid()), metric(text, "patchbay_media_packets_forwarded_total"),
            metric(text, "patchbay_cluster_relay_packets_total{direction=\"sent\"}"),
            metric(text, "patchbay_cluster_relay_packets_total{direction=\"received\"}")};
    }

    private static double metric(String text, String series) {
        for (String line : text.split("\n")) {
            if (!line.startsWith(series + " ")) continue;
            Matcher m = NUMBER.matcher(line);
            if (m.find()) return Double.parseDouble(m.group(1));
        }
        throw new IllegalStateException("no " + series + " in the node's metrics");
    }

    private static long[] sinkTotals(List<SimulatedParticipant> everyone) {
        long[] t = new long[3];
        for (SimulatedParticipant p : everyone) {
            for (ClientConnection c : p.subscriberConnections()) c.addSinkTotals(t);
        }
        return t;
    }

    private void awaitMembers(List<PatchbayTarget> targets) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (PatchbayTarget t : targets) {
            while (true) {
                String body = http.send(HttpRequest.newBuilder(URI.create(base(t) + "/api/v1/nodes")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (body.split("\"id\"", -1).length - 1 >= nodes) break;
                if (System.nanoTime() > deadline) throw new IllegalStateException("the nodes did not form a cluster: " + body);
                Thread.sleep(200);
            }
        }
    }

    private static String base(PatchbayTarget t) {
        return t.httpBase().toString();
    }

    private static int freeTcp() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdp() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

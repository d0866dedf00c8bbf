package io.patchbay.signaling.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.cluster.ClusterSettings;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.room.SessionTimeouts;
import io.patchbay.signaling.ws.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Nodes of one cluster in this JVM, each a whole server (its own Vert.x, Hazelcast member, HTTP and media ports) on
 * 127.0.0.1 with Hazelcast TCP-IP join; the same code path as separate processes except the process boundary.
 */
public final class ClusterFixture implements AutoCloseable {
    /** A REST answer: status, the node that answered ({@code x-patchbay-node}), and the body. */
    public record Response(int status, String node, JsonNode body) {
    }

    public final List<PatchbayServer> nodes = new ArrayList<>();
    final List<Integer> hazelcastPorts = new ArrayList<>();
    /** Each node's event bus port when it was chosen here (TLS), else 0. */
    public final List<Integer> busPorts = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Starts {@code n} nodes at once and waits until each lists all of them. */
    public static ClusterFixture start(int n, SignalingLimits limits) throws Exception {
        return start(n, limits, ClusterSettings.MediaPlacement.OWNER);
    }

    /** As above, with participants' media placed by {@code media}; relay ports are picked free. */
    public static ClusterFixture start(int n, SignalingLimits limits, ClusterSettings.MediaPlacement media)
            throws Exception {
        return start(n, limits, media, null, null);
    }

    /**
     * As above; with a PEM certificate and key, the event bus runs over TLS on the ports in {@link #busPorts} (picked
     * free); without, on any free port.
     */
    public static ClusterFixture start(int n, SignalingLimits limits, ClusterSettings.MediaPlacement media,
                                       String tlsCert, String tlsKey) throws Exception {
        TestPeer.warmUp(List.of(SrtpProfile.AEAD_AES_128_GCM));
        ClusterFixture f = new ClusterFixture();
        for (int i = 0; i < n; i++) {
            f.hazelcastPorts.add(FreePorts.tcp());
            f.busPorts.add(tlsCert == null ? 0 : FreePorts.tcp());
        }
        List<String> members = f.hazelcastPorts.stream().map(p -> "127.0.0.1:" + p).toList();
        List<CompletableFuture<PatchbayServer>> starting = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int port = f.hazelcastPorts.get(i);
            int busPort = f.busPorts.get(i);
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                                    .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")), SessionTimeouts.DEFAULTS,
                            limits, new ClusterSettings(members, "127.0.0.1", port, busPort, null, null, 0,
                                    media, tlsCert, tlsKey));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        try {
            for (var s : starting) f.nodes.add(s.get());
        } catch (Exception e) {
            for (var s : starting) s.thenAccept(PatchbayServer::close);
            throw e;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (PatchbayServer node : f.nodes) {
            while (f.nodeIds(node).size() != n) {
                if (System.nanoTime() > deadline) {
                    f.close();
                    throw new AssertionError("node " + node.clusterNodeId().orElseThrow() + " lists " + f.nodeIds(node));
                }
                Thread.sleep(20); // polling the starting nodes
            }
        }
        return f;
    }


    public String id(int index) {
        return nodes.get(index).clusterNodeId().orElseThrow();
    }

    public int indexOf(String nodeId) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).clusterNodeId().orElseThrow().equals(nodeId)) return i;
        }
        throw new AssertionError("no node " + nodeId);
    }

    public List<String> nodeIds(PatchbayServer node) {
        try {
            List<String> ids = new ArrayList<>();
            for (JsonNode n : rest(node, "GET", "/api/v1/nodes", null).body().path("nodes")) ids.add(n.path("id").asText());
            return ids;
        } catch (Exception e) {
            return List.of("error: " + e);
        }
    }

    public Response rest(PatchbayServer node, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("content-type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.headers().firstValue("x-patchbay-node").orElse(null),
                r.body().isEmpty() ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(r.body()));
    }

    /** The node's Prometheus scrape. */
    public String metrics(PatchbayServer node) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A peer connected to {@code node}, not joined yet. */
    public static TestPeer connect(PatchbayServer node, String name, List<TestPeer> peers) throws Exception {
        TestPeer p = TestPeer.connect(node.httpPort(), name, List.of(SrtpProfile.AEAD_AES_128_GCM));
        peers.add(p);
        return p;
    }

    @Override
    public void close() {
        // Closed at once: each leaves the cluster, and the others see it go.
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (PatchbayServer node : nodes) closing.add(CompletableFuture.runAsync(node::close));
        for (var c : closing) c.join();
    }
}

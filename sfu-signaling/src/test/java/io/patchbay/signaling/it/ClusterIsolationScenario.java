package io.patchbay.signaling.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.support.ClusterFixture;
import io.patchbay.signaling.limits.SignalingLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link ClusterIsolationTest}, run inside a network namespace: three nodes form a cluster, two peers
 * on two nodes meet in a room owned by the third (signaling over the event bus, media to the owner), and REST lists
 * and closes it. Prints {@code ISOLATION OK ...} or {@code ISOLATION FAIL ...}; the exit code says the same.
 */
public final class ClusterIsolationScenario {
    private ClusterIsolationScenario() {
    }

    public static void main(String[] args) {
        List<TestPeer> peers = new ArrayList<>();
        try (ClusterFixture cluster = ClusterFixture.start(3, SignalingLimits.DEFAULTS)) {
            ClusterFixture.Response created = cluster.rest(cluster.nodes.get(0), "POST", "/api/v1/rooms",
                    "{\"name\":\"isolated\"}");
            int owner = cluster.indexOf(created.node());
            TestPeer alice = PeerMedia.publishing(cluster.nodes.get((owner + 1) % 3), "isolated", "alice", peers);
            TestPeer bob = PeerMedia.publishing(cluster.nodes.get((owner + 2) % 3), "isolated", "bob", peers);
            PeerMedia.awaitVideo(bob, alice);
            PeerMedia.awaitVideo(alice, bob);
            JsonNode rooms = cluster.rest(cluster.nodes.get((owner + 2) % 3), "GET", "/api/v1/rooms", null).body();
            int deleted = cluster.rest(cluster.nodes.get((owner + 1) % 3), "DELETE", "/api/v1/rooms/isolated", null)
                    .status();
            if (rooms.path("rooms").size() != 1 || deleted != 204) {
                throw new IllegalStateException("rooms " + rooms + ", delete " + deleted);
            }
            System.out.println("ISOLATION OK nodes=3 forwarded-packets="
                    + cluster.nodes.get(owner).media().stats().packetsForwarded());
            peers.forEach(TestPeer::close);
            System.exit(0);
        } catch (Throwable e) {
            System.out.println("ISOLATION FAIL " + e);
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }
}

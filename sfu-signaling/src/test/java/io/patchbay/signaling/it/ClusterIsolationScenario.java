package io.patchbay.signaling.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.support.ClusterFixture;
import io.patchbay.signaling.limits.SignalingLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link ClusterIsolationTest}, run inside a network namespace: two nodes form a cluster, a publisher
 * whose socket is on the node that does not own the room reaches a subscriber on the owner (signaling over the event
 * bus, media to the owner), and REST on the other node lists and closes the room. (Two nodes exercise every kind of
 * traffic between nodes that three do, for a shorter start.) Prints {@code ISOLATION OK ...} or {@code ISOLATION FAIL ...}; the exit code says the same.
 */
public final class ClusterIsolationScenario {
    private ClusterIsolationScenario() {
    }

    public static void main(String[] args) {
        List<TestPeer> peers = new ArrayList<>();
        try (ClusterFixture cluster = ClusterFixture.start(2, SignalingLimits.DEFAULTS)) {
            ClusterFixture.Response created = cluster.rest(cluster.nodes.get(0), "POST", "/api/v1/rooms",
                    "{\"name\":\"isolated\"}");
            int owner = cluster.indexOf(created.node());
            int other = 1 - owner;
            TestPeer alice = PeerMedia.publishing(cluster.nodes.get(other), "isolated", "alice", peers);
            TestPeer bob = PeerMedia.joined(cluster.nodes.get(owner), "isolated", "bob", peers);
            PeerMedia.awaitVideo(bob, alice);
            JsonNode rooms = cluster.rest(cluster.nodes.get(other), "GET", "/api/v1/rooms", null).body();
            int deleted = cluster.rest(cluster.nodes.get(other), "DELETE", "/api/v1/rooms/isolated", null).status();
            if (rooms.path("rooms").size() != 1 || deleted != 204) {
                throw new IllegalStateException("rooms " + rooms + ", delete " + deleted);
            }
            System.out.println("ISOLATION OK nodes=2 forwarded-packets="
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

package io.patchbay.signaling.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.support.ClusterFixture;
import io.patchbay.signaling.cluster.ClusterSettings;
import io.patchbay.signaling.limits.SignalingLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link ClusterIsolationTest}, run inside a network namespace: two nodes form a cluster, a publisher
 * whose socket is on the node that does not own the room reaches a subscriber on the owner (signaling over the event
 * bus, media to the owner), a publisher on each node of a room across both reaches the other (media relayed between
 * the nodes), and REST on the other node lists and closes the rooms. (Two nodes exercise every kind of
 * traffic between nodes that three do, for a shorter start.) Prints {@code ISOLATION OK ...} or {@code ISOLATION FAIL ...}; the exit code says the same.
 */
public final class ClusterIsolationScenario {
    private ClusterIsolationScenario() {
    }

    public static void main(String[] args) {
        List<TestPeer> peers = new ArrayList<>();
        try (ClusterFixture cluster = ClusterFixture.start(2, SignalingLimits.DEFAULTS,
                ClusterSettings.MediaPlacement.EDGE)) {
            ClusterFixture.Response created = cluster.rest(cluster.nodes.get(0), "POST", "/api/v1/rooms",
                    "{\"name\":\"isolated\"}");
            int owner = cluster.indexOf(created.node());
            int other = 1 - owner;
            // Media on the edge: each participant on the node of its socket, the room relayed between the two.
            TestPeer alice = PeerMedia.publishing(cluster.nodes.get(other), "isolated", "alice", peers);
            TestPeer bob = PeerMedia.publishing(cluster.nodes.get(owner), "isolated", "bob", peers);
            PeerMedia.awaitVideo(bob, alice);
            PeerMedia.awaitVideo(alice, bob);
            JsonNode rooms = cluster.rest(cluster.nodes.get(other), "GET", "/api/v1/rooms", null).body();
            int deleted = cluster.rest(cluster.nodes.get(other), "DELETE", "/api/v1/rooms/isolated", null).status();
            if (rooms.path("rooms").size() != 1 || rooms.path("rooms").path(0).path("nodes").size() != 2
                    || deleted != 204) {
                throw new IllegalStateException("rooms " + rooms + ", delete " + deleted);
            }
            for (TestPeer p : List.of(alice, bob)) {
                if (p.signaling().await(m -> m.path("code").asText().equals("room-closed"), Duration.ofSeconds(5)) == null) {
                    throw new IllegalStateException(p.name() + " got no room-closed");
                }
            }
            System.out.println("ISOLATION OK nodes=2 forwarded-packets="
                    + cluster.nodes.get(owner).media().stats().packetsForwarded() + " relayed-packets="
                    + cluster.nodes.get(owner).media().stats().relayPacketsSent());
            peers.forEach(TestPeer::close);
            System.exit(0);
        } catch (Throwable e) {
            System.out.println("ISOLATION FAIL " + e);
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }
}

package io.patchbay.signaling.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.cluster.ClusterSettings;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.support.ClusterFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A room that outgrows its owner: two nodes of one participant each (media on the owner by default); the second
 * participant, whose socket is on the other node, finds the owner full and is taken by its own node, the room then
 * spanning both; a third finds both full and gets {@code server-full}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoomOverflowTest {
    private final List<TestPeer> peers = new ArrayList<>();

    @AfterEach
    void closePeers() {
        peers.forEach(TestPeer::close);
        peers.clear();
    }

    @Test
    void aFullOwnerHandsTheNextParticipantToTheNodeOfItsSocket() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(2, SignalingLimits.DEFAULTS.withParticipants(1),
                ClusterSettings.MediaPlacement.OWNER)) {
            ClusterFixture.Response created = cluster.rest(cluster.nodes.get(0), "POST", "/api/v1/rooms",
                    "{\"name\":\"big\"}");
            assertEquals(201, created.status(), created.body().toString());
            int owner = cluster.indexOf(created.node());
            PatchbayServer ownerNode = cluster.nodes.get(owner);
            PatchbayServer other = cluster.nodes.get(1 - owner);
            TestPeer alice = PeerMedia.publishing(ownerNode, "big", "alice", peers);
            TestPeer bob = PeerMedia.publishing(other, "big", "bob", peers);
            PeerMedia.awaitVideo(alice, bob);
            PeerMedia.awaitVideo(bob, alice);
            assertEquals(1, ownerNode.participantCount(), "the owner holds its one participant");
            assertEquals(1, other.participantCount(), "the other node took bob");

            TestPeer carol = ClusterFixture.connect(other, "carol", peers);
            try {
                carol.join("big");
            } catch (Exception expected) {
                // join() fails on the error; the message is checked below
            }
            JsonNode full = carol.signaling().await(m -> m.path("type").asText().equals("error")
                    && m.path("code").asText().equals("server-full"), Duration.ofSeconds(10));
            assertNotNull(full, "both nodes full: server-full");
        }
    }
}

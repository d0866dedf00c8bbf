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
 * A room that outgrows its owner: two nodes of two participants each (media on the owner by default); the third
 * participant, whose socket is on the other node, finds the owner full and is taken by its own node, the room then
 * spanning both, that node's part of it opened with the room's settings (its participant limit holds there).
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
    void aFullOwnerHandsTheNextParticipantToTheNodeOfItsSocketWithTheRoomsSettings() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(2, SignalingLimits.DEFAULTS.withParticipants(2),
                ClusterSettings.MediaPlacement.OWNER)) {
            ClusterFixture.Response created = cluster.rest(cluster.nodes.get(0), "POST", "/api/v1/rooms",
                    "{\"name\":\"big\",\"maxParticipants\":3}");
            assertEquals(201, created.status(), created.body().toString());
            int owner = cluster.indexOf(created.node());
            PatchbayServer ownerNode = cluster.nodes.get(owner);
            PatchbayServer other = cluster.nodes.get(1 - owner);
            TestPeer alice = PeerMedia.publishing(ownerNode, "big", "alice", peers);
            TestPeer bob = PeerMedia.publishing(ownerNode, "big", "bob", peers);
            TestPeer carol = PeerMedia.publishing(other, "big", "carol", peers);
            for (TestPeer p : List.of(alice, bob)) {
                PeerMedia.awaitVideo(p, carol);
                PeerMedia.awaitVideo(carol, p);
            }
            assertEquals(2, ownerNode.participantCount(), "the owner holds its two participants");
            assertEquals(1, other.participantCount(), "the other node took carol");

            // The room's limit of 3 holds on the other node too (it opened its part with the owner's settings).
            TestPeer dave = ClusterFixture.connect(other, "dave", peers);
            assertNotNull(refusal(dave, "room-full"), "a fourth participant is refused by the room's limit");
            // A socket on the full owner: that node is full, and it owns the room.
            TestPeer erin = ClusterFixture.connect(ownerNode, "erin", peers);
            assertNotNull(refusal(erin, "server-full"), "the owner is full");
        }
    }

    private static JsonNode refusal(TestPeer p, String code) throws Exception {
        try {
            p.join("big");
        } catch (Exception expected) {
            // join() fails on the error; the message is checked below
        }
        return p.signaling().await(m -> m.path("type").asText().equals("error")
                && m.path("code").asText().equals(code), Duration.ofSeconds(10));
    }
}

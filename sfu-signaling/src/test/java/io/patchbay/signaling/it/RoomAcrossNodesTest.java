package io.patchbay.signaling.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.MediaKind;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.cluster.ClusterSettings;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.support.ClusterFixture;
import io.patchbay.load.peer.TestPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One room whose participants are on three nodes (media placed on the node of each socket, {@code media = edge}):
 * each node terminates its own participant's media and relays its tracks to the two others once; everyone decodes
 * everyone; a subscriber's keyframe request, the room's joins and leaves, and REST commands about a participant on
 * another node cross nodes; a node that goes away takes
 * its participant out of the room elsewhere. The node list shrinks at the end, so this is the class's one test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoomAcrossNodesTest {
    private static final Pattern RELAY_SENT = Pattern.compile(
            "patchbay_cluster_relay_packets_total\\{direction=\"sent\"} ([0-9.E]+)");
    private static ClusterFixture cluster;
    private final List<TestPeer> peers = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ClusterFixture.start(3, SignalingLimits.DEFAULTS, ClusterSettings.MediaPlacement.EDGE);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @AfterEach
    void closePeers() {
        peers.forEach(TestPeer::close);
        peers.clear();
    }

    @Test
    void participantsOnThreeNodesDecodeEachOtherThroughRelays() throws Exception {
        PatchbayServer n0 = cluster.nodes.get(0);
        PatchbayServer n1 = cluster.nodes.get(1);
        PatchbayServer n2 = cluster.nodes.get(2);
        long t0 = System.nanoTime();
        TestPeer alice = PeerMedia.publishing(n0, "across", "alice", peers);
        TestPeer bob = PeerMedia.publishing(n1, "across", "bob", peers);
        TestPeer carol = PeerMedia.publishing(n2, "across", "carol", peers);
        List<TestPeer> all = List.of(alice, bob, carol);
        for (TestPeer subscriber : all) {
            for (TestPeer publisher : all) {
                if (subscriber != publisher) PeerMedia.awaitVideo(subscriber, publisher);
            }
        }
        System.out.printf("[across] three participants on three nodes decode each other %.0f ms after the first join%n",
                PeerMedia.millisSince(t0));
        assertAll(
                () -> assertEquals(1, n0.participantCount(), "each node holds its own participant"),
                () -> assertEquals(1, n1.participantCount()),
                () -> assertEquals(1, n2.participantCount()));
        for (PatchbayServer n : cluster.nodes) {
            String metrics = cluster.metrics(n);
            assertTrue(metrics.contains("patchbay_cluster_relays 2.0"), "one relay to each other node: " + metrics);
        }
        // Each node's view of the room has all three.
        ClusterFixture.Response room = cluster.rest(n1, "GET", "/api/v1/rooms/across", null);
        assertEquals(200, room.status(), room.body().toString());
        assertEquals(3, room.body().path("participants").size(), room.body().toString());
        JsonNode listed = null;
        for (JsonNode r : cluster.rest(n2, "GET", "/api/v1/rooms", null).body().path("rooms")) {
            if (r.path("name").asText().equals("across")) {
                assertEquals(null, listed, "listed once");
                listed = r;
            }
        }
        assertNotNull(listed);
        assertEquals(3, listed.path("nodes").size(), "open on all three nodes: " + listed);

        // Once per node: alice's media crosses to two nodes, whatever the number of subscribers there.
        TestPeer dave = PeerMedia.joined(n1, "across", "dave", peers);
        PeerMedia.awaitVideo(dave, alice);
        double sentBefore = relayPacketsSent(n0);
        int aliceSentBefore = sentBy(alice);
        Thread.sleep(2000);
        double relayed = relayPacketsSent(n0) - sentBefore;
        int published = sentBy(alice) - aliceSentBefore;
        double perPublished = relayed / published;
        System.out.printf("[across] node 0 relayed %.0f packets for alice's %d (%.2f per published packet, 2 nodes,"
                + " 3 subscribers)%n", relayed, published, perPublished);
        assertTrue(perPublished > 1.8 && perPublished < 2.5,
                "two copies (one per other node) plus RTCP, not one per subscriber: " + perPublished);

        // A keyframe request from a subscriber on node 2 reaches alice on node 0.
        Thread.sleep(400); // past the keyframe request interval of the earlier subscribers' requests
        long before = alice.publisher().plis.get();
        carol.subscriber().sendPli(carol.subscriber().awaitTrack(alice.participantId(), "video",
                PeerMedia.CONNECT).mediaSsrc());
        Await.until(PeerMedia.CONNECT, () -> alice.publisher().plis.get() > before,
                () -> "alice got no keyframe request from carol across nodes");

        // The REST API on any node manages a participant on another: a mute of bob's audio (on node 1) asked of node 2
        // reaches carol (node 2) as track-muted; dave (node 1) removed through node 0 leaves for carol.
        String bobAudio = carol.subscriber().awaitTrack(bob.participantId(), "audio", PeerMedia.CONNECT).trackId();
        ClusterFixture.Response muted = cluster.rest(n2, "POST", "/api/v1/rooms/across/participants/"
                + bob.participantId() + "/tracks/" + bobAudio + "/mute", "{\"muted\":true}");
        assertEquals(204, muted.status(), String.valueOf(muted.body()));
        assertNotNull(carol.signaling().await(m -> m.path("type").asText().equals("track-muted")
                && m.path("trackId").asText().equals(bobAudio) && m.path("muted").asBoolean(), Duration.ofSeconds(5)),
                "carol saw bob's audio muted");
        String daveId = dave.participantId();
        ClusterFixture.Response kicked = cluster.rest(n0, "DELETE", "/api/v1/rooms/across/participants/" + daveId, null);
        assertEquals(204, kicked.status(), String.valueOf(kicked.body()));
        assertNotNull(dave.signaling().await(m -> m.path("type").asText().equals("error")
                && m.path("code").asText().equals("removed"), Duration.ofSeconds(5)), "dave was removed");
        assertNotNull(carol.signaling().await(m -> m.path("type").asText().equals("participant-left")
                && m.path("participantId").asText().equals(daveId), Duration.ofSeconds(5)), "carol saw dave leave");

        // Leaving crosses too.
        String aliceId = alice.participantId();
        alice.close();
        for (TestPeer p : List.of(bob, carol)) {
            JsonNode left = p.signaling().await(m -> m.path("type").asText().equals("participant-left")
                    && m.path("participantId").asText().equals(aliceId), Duration.ofSeconds(5));
            assertNotNull(left, p.name() + " saw alice leave");
        }

        // Node 0 had only alice: the room closed there but goes on on the others, and node 0's API still finds it.
        ClusterFixture.Response stillThere = cluster.rest(n0, "GET", "/api/v1/rooms/across", null);
        assertEquals(200, stillThere.status(), String.valueOf(stillThere.body()));
        assertEquals(2, stillThere.body().path("participants").size(), "bob and carol: " + stillThere.body());

        // A newcomer on node 0 opens it again there, and it joins the others.
        TestPeer frank = PeerMedia.publishing(n0, "across", "frank", peers);
        PeerMedia.awaitVideo(frank, bob);
        PeerMedia.awaitVideo(bob, frank);

        // A node that goes away takes its participant out of the room on the other nodes.
        String carolId = carol.participantId();
        long down = System.nanoTime();
        cluster.nodes.remove(n2);
        n2.close();
        JsonNode carolLeft = bob.signaling().await(m -> m.path("type").asText().equals("participant-left")
                && m.path("participantId").asText().equals(carolId), Duration.ofSeconds(10));
        assertNotNull(carolLeft, "bob saw carol's node go");
        System.out.printf("[across] node 2 closed: its participant left the room elsewhere %.0f ms later%n",
                PeerMedia.millisSince(down));
        TestPeer erin = PeerMedia.joined(n1, "across", "erin", peers);
        PeerMedia.awaitVideo(erin, bob); // the rest of the room goes on
    }

    private static int sentBy(TestPeer p) {
        return p.publisher().sender().sent(MediaKind.AUDIO) + p.publisher().sender().sent(MediaKind.VIDEO);
    }

    private static double relayPacketsSent(PatchbayServer node) throws Exception {
        Matcher m = RELAY_SENT.matcher(cluster.metrics(node));
        assertTrue(m.find(), "relay counter");
        return Double.parseDouble(m.group(1));
    }
}

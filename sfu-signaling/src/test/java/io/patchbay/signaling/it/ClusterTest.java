package io.patchbay.signaling.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.support.ClusterFixture;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.limits.SignalingLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes on loopback (three servers in this JVM, each with its own Hazelcast member): the node list, placement
 * by load, a socket on one node in a room owned by another (signaling over the event bus, media to the owner), REST on
 * any node for any room, and a node that leaves. The last test shuts a node down, so the order is fixed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
    private static ClusterFixture cluster;
    private final List<TestPeer> peers = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        long t0 = System.nanoTime();
        cluster = ClusterFixture.start(3, SignalingLimits.DEFAULTS);
        System.out.printf("[cluster] 3 nodes up and listing each other in %.1f s%n", (System.nanoTime() - t0) / 1e9);
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
    @Order(1)
    void everyNodeListsAllThreeWithTheirAddressesStateAndLoad() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) ids.add(cluster.id(i));
        assertEquals(3, ids.size(), "three distinct node ids");
        for (PatchbayServer node : cluster.nodes) {
            ClusterFixture.Response r = cluster.rest(node, "GET", "/api/v1/nodes", null);
            assertEquals(200, r.status(), r.body().toString());
            assertEquals(node.clusterNodeId().orElseThrow(), r.body().path("self").asText());
            Set<String> listed = new HashSet<>();
            for (JsonNode n : r.body().path("nodes")) {
                listed.add(n.path("id").asText());
                PatchbayServer described = cluster.nodes.get(cluster.indexOf(n.path("id").asText()));
                assertAll(
                        () -> assertEquals("active", n.path("state").asText(), n.toString()),
                        () -> assertEquals("127.0.0.1:" + described.mediaPort(), n.path("mediaAddress").asText()),
                        () -> assertEquals("http://127.0.0.1:" + described.httpPort(), n.path("httpUrl").asText()),
                        () -> assertEquals(SignalingLimits.DEFAULTS.participants(),
                                n.path("load").path("participantCapacity").asInt(), n.toString()),
                        () -> assertTrue(n.path("load").has("cpu") && n.path("load").has("packetsForwardedPerSecond"),
                                n.toString()));
            }
            assertEquals(ids, listed);
        }
    }

    @Test
    @Order(2)
    void aSocketOnAnotherNodeJoinsTheOwnersRoomItsMediaGoesToTheOwnerAndRestOnAnyNodeManagesIt() throws Exception {
        ClusterFixture.Response created = cluster.rest(cluster.nodes.get(0), "POST", "/api/v1/rooms",
                "{\"name\":\"spread\"}");
        assertEquals(201, created.status(), created.body().toString());
        int owner = cluster.indexOf(created.node());
        int edgeA = (owner + 1) % 3;
        int edgeB = (owner + 2) % 3;
        PatchbayServer ownerNode = cluster.nodes.get(owner);
        // Both sockets are on nodes that do not own the room.
        TestPeer alice = PeerMedia.publishing(cluster.nodes.get(edgeA), "spread", "alice", peers);
        TestPeer bob = PeerMedia.publishing(cluster.nodes.get(edgeB), "spread", "bob", peers);
        long t0 = System.nanoTime();
        PeerMedia.awaitVideo(bob, alice);
        PeerMedia.awaitVideo(alice, bob);
        System.out.printf("[cluster] owner node %d, sockets on nodes %d and %d: both decode each other %.0f ms after"
                + " bob's publish%n", owner, edgeA, edgeB, PeerMedia.millisSince(t0));
        assertAll(
                () -> assertEquals(2, ownerNode.participantCount(), "the owner terminates both participants' media"),
                () -> assertEquals(0, cluster.nodes.get(edgeA).participantCount(), "an edge holds only the socket"),
                () -> assertEquals(0, cluster.nodes.get(edgeB).participantCount(), "an edge holds only the socket"));
        String ownerMetrics = cluster.metrics(ownerNode);
        String edgeMetrics = cluster.metrics(cluster.nodes.get(edgeA));
        assertAll(
                () -> assertTrue(ownerMetrics.contains("patchbay_cluster_nodes 3.0"), ownerMetrics),
                () -> assertTrue(ownerMetrics.contains("patchbay_cluster_sessions{side=\"host\"} 2.0"), ownerMetrics),
                () -> assertTrue(edgeMetrics.contains("patchbay_cluster_sessions{side=\"edge\"} 1.0"), edgeMetrics));

        // A node that neither owns the room nor holds a socket of it answers for it.
        ClusterFixture.Response room = cluster.rest(cluster.nodes.get(edgeB), "GET", "/api/v1/rooms/spread", null);
        assertEquals(200, room.status(), room.body().toString());
        assertEquals(cluster.id(owner), room.node(), "answered by the owner");
        assertEquals(2, room.body().path("participants").size(), room.body().toString());
        ClusterFixture.Response list = cluster.rest(cluster.nodes.get(edgeA), "GET", "/api/v1/rooms", null);
        JsonNode listed = null;
        for (JsonNode r : list.body().path("rooms")) if (r.path("name").asText().equals("spread")) listed = r;
        assertNotNull(listed, "every node's list has every room: " + list.body());
        assertEquals(cluster.id(owner), listed.path("node").asText(), list.body().toString());

        ClusterFixture.Response deleted = cluster.rest(cluster.nodes.get(edgeA), "DELETE", "/api/v1/rooms/spread", null);
        assertEquals(204, deleted.status(), String.valueOf(deleted.body()));
        for (TestPeer p : List.of(alice, bob)) {
            JsonNode closed = p.signaling().await(m -> m.path("type").asText().equals("error")
                    && m.path("code").asText().equals("room-closed"), Duration.ofSeconds(5));
            assertNotNull(closed);
        }
        assertEquals(404, cluster.rest(cluster.nodes.get(edgeB), "GET", "/api/v1/rooms/spread", null).status());
    }

    @Test
    @Order(3)
    void newRoomsArePlacedOnTheLeastLoadedNode() throws Exception {
        awaitLoad(n -> n.path("load").path("participants").asInt() == 0, "all nodes idle");
        String o1 = create("busy");
        PeerMedia.joined(cluster.nodes.get(0), "busy", "p1", peers);
        PeerMedia.joined(cluster.nodes.get(1), "busy", "p2", peers);
        awaitLoad(n -> !n.path("id").asText().equals(o1) || n.path("load").path("participants").asInt() == 2,
                "node " + o1 + " publishes 2 participants");
        String o2 = create("medium");
        assertNotEquals(o1, o2, "the node with 2 participants is not chosen while others have none");
        PeerMedia.joined(cluster.nodes.get(2), "medium", "p3", peers);
        awaitLoad(n -> !n.path("id").asText().equals(o2) || n.path("load").path("participants").asInt() == 1,
                "node " + o2 + " publishes 1 participant");
        String o3 = create("quiet");
        assertNotEquals(o1, o3);
        assertNotEquals(o2, o3, "the least loaded node (0 participants) takes the third room");
        String o4 = create("quiet2");
        assertEquals(o3, o4, "still the least loaded: rooms without participants cost nothing");
        System.out.printf("[cluster] placement: busy(2) -> %s, medium(1) -> %s, quiet -> %s, quiet2 -> %s%n",
                o1, o2, o3, o4);
        for (String r : List.of("busy", "medium", "quiet", "quiet2")) {
            cluster.rest(cluster.nodes.get(0), "DELETE", "/api/v1/rooms/" + r, null);
        }
    }

    @Test
    @Order(4)
    void aNodeThatLeavesIsDroppedFromTheListAndItsRoomIsPlacedAgainOnTheNextJoin() throws Exception {
        String owner = create("orphan");
        int ownerIndex = cluster.indexOf(owner);
        PatchbayServer survivor = cluster.nodes.get((ownerIndex + 1) % 3);
        TestPeer carol = PeerMedia.joined(survivor, "orphan", "carol", peers);
        long t0 = System.nanoTime();
        cluster.nodes.get(ownerIndex).close();
        // Carol's socket is on a survivor: it is closed so that her client reconnects.
        assertTrue(carol.signaling().awaitClosed(Duration.ofSeconds(10)), "carol's socket closes when the owner goes");
        double closedMs = PeerMedia.millisSince(t0);
        Await.until(Duration.ofSeconds(10), () -> cluster.nodeIds(survivor).size() == 2,
                () -> "survivor lists " + cluster.nodeIds(survivor));
        double droppedMs = PeerMedia.millisSince(t0);
        TestPeer again = PeerMedia.joined(survivor, "orphan", "carol-again", peers);
        ClusterFixture.Response room = cluster.rest(survivor, "GET", "/api/v1/rooms/orphan", null);
        System.out.printf("[cluster] owner shut down: socket on a survivor closed after %.0f ms, node dropped after"
                + " %.0f ms; the room is now on %s%n", closedMs, droppedMs, room.node());
        assertEquals(200, room.status(), room.body().toString());
        assertNotEquals(owner, room.node(), "placed again on a live node");
        assertEquals(again.participantId(), room.body().path("participants").path(0).path("id").asText(),
                room.body().toString());
        cluster.nodes.remove(ownerIndex);
    }

    @Test
    @Order(5)
    void aDrainingNodeTakesNoJoinsAndHandsItsRoomsToPlacement() throws Exception {
        String owner = create("handover");
        PatchbayServer draining = cluster.nodes.get(cluster.indexOf(owner));
        PatchbayServer other = cluster.nodes.stream().filter(n -> n != draining).findFirst().orElseThrow();
        TestPeer dave = PeerMedia.joined(other, "handover", "dave", peers);
        draining.drain("test: hand over");
        dave.signaling().await(m -> m.path("type").asText().equals("draining"), Duration.ofSeconds(5));
        // The draining node reports itself so once a second; then placement passes it by.
        Await.until(Duration.ofSeconds(5), () -> {
            try {
                for (JsonNode n : cluster.rest(other, "GET", "/api/v1/nodes", null).body().path("nodes")) {
                    if (n.path("id").asText().equals(owner)) return n.path("state").asText().equals("draining");
                }
            } catch (Exception e) {
                return false;
            }
            return false;
        }, () -> "the draining node never reported draining");
        TestPeer refused = ClusterFixture.connect(draining, "late", peers);
        refused.signaling().send(refused.signaling().newMessage("join").put("room", "elsewhere").put("name", "late"));
        JsonNode error = refused.signaling().await(m -> m.path("type").asText().equals("error"), Duration.ofSeconds(5));
        assertEquals("server-draining", error.path("code").asText(), error.toString());
        // Dave moves as patchbay.js would: a new join through another node places the room there.
        TestPeer daveAgain = PeerMedia.joined(other, "handover", "dave-again", peers);
        ClusterFixture.Response room = cluster.rest(other, "GET", "/api/v1/rooms/handover", null);
        assertEquals(200, room.status(), room.body().toString());
        assertEquals(other.clusterNodeId().orElseThrow(), room.node(), "the room left the draining node");
        assertEquals(daveAgain.participantId(), room.body().path("participants").path(0).path("id").asText());
    }

    private String create(String room) throws Exception {
        ClusterFixture.Response r = cluster.rest(cluster.nodes.get(0), "POST", "/api/v1/rooms",
                "{\"name\":\"" + room + "\"}");
        assertEquals(201, r.status(), r.body().toString());
        return r.node();
    }

    /** Until every node's list shows every node matching {@code ok} (load is published once a second). */
    private void awaitLoad(java.util.function.Predicate<JsonNode> ok, String what) {
        Await.until(Duration.ofSeconds(10), () -> {
            try {
                for (PatchbayServer node : cluster.nodes) {
                    for (JsonNode n : cluster.rest(node, "GET", "/api/v1/nodes", null).body().path("nodes")) {
                        if (!ok.test(n)) return false;
                    }
                }
                return true;
            } catch (Exception e) {
                return false;
            }
        }, () -> what);
    }
}

package io.patchbay.signaling.cluster;

import io.patchbay.core.room.RoomId;
import io.patchbay.signaling.metrics.PatchbayMetrics;
import io.patchbay.signaling.room.RoomEvent;
import io.patchbay.signaling.room.RoomEvents;
import io.patchbay.signaling.room.RoomRegistry;
import io.patchbay.signaling.ws.JoinRouter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * This node's part in a cluster: it publishes itself ({@link NodeDirectory}), places rooms ({@link RoomPlacement}),
 * takes joins to their room's owner ({@link ClusterJoinRouter}) and hosts other nodes' sockets' participants
 * ({@link HostedParticipants}). Everything runs on the signaling event loop.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterNode.class.getName());

    private final NodeDirectory nodes;
    private final RoomPlacement placement;
    private final ClusterJoinRouter joins;
    private final HostedParticipants hosted;
    private final RoomRegistry rooms;
    private final RoomSegments segments;
    private final io.patchbay.media.relay.RelayLinks relays;

    private ClusterNode(NodeDirectory nodes, RoomPlacement placement, ClusterJoinRouter joins, HostedParticipants hosted,
                        RoomRegistry rooms, RoomSegments segments, io.patchbay.media.relay.RelayLinks relays) {
        this.segments = segments;
        this.relays = relays;
        this.nodes = nodes;
        this.placement = placement;
        this.joins = joins;
        this.hosted = hosted;
        this.rooms = rooms;
    }

    /**
     * Joins the cluster's signaling on {@code context} (the rooms' event loop); blocks until this node is listed.
     * {@code self} builds this node's info from its id.
     */
    public static ClusterNode start(HazelcastClusterManager manager, Context context, RoomRegistry rooms,
                                    PatchbayMetrics metrics, Function<String, LocalNode> self,
                                    io.patchbay.media.relay.RelayLinks relays,
                                    ClusterSettings.MediaPlacement media) throws Exception {
        Promise<ClusterNode> started = Promise.promise();
        context.runOnContext(v -> {
            NodeDirectory nodes = new NodeDirectory(manager, context, self.apply(manager.getNodeId()));
            nodes.start()
                    .compose(x -> RoomPlacement.create(context.owner(), nodes))
                    .map(placement -> {
                        var bus = context.owner().eventBus();
                        HostedParticipants hosted = new HostedParticipants(bus, nodes, rooms, metrics);
                        ClusterJoinRouter joins = new ClusterJoinRouter(bus, nodes, placement, rooms, media);
                        RoomSegments segments = new RoomSegments(bus, nodes, relays);
                        rooms.setSpans(segments);
                        return new ClusterNode(nodes, placement, joins, hosted, rooms, segments, relays);
                    })
                    .onComplete(started);
        });
        ClusterNode node = started.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("cluster: this node is " + node.nodes.selfId());
        return node;
    }

    /** Sockets here whose room is on another node. */
    public int edgeSessions() {
        return joins.remoteCount();
    }

    /** Participants here whose socket is on another node. */
    public int hostedSessions() {
        return hosted.count();
    }

    /** Media relays open to other nodes (rooms across nodes x their other nodes), any thread. */
    public int relayLinks() {
        return segments.linkCount();
    }

    public JoinRouter joins() {
        return joins;
    }

    public NodeDirectory nodes() {
        return nodes;
    }

    public RoomPlacement placement() {
        return placement;
    }

    /** Keeps the placement map true to this node's rooms: it owns what it opened, until the room closes. */
    public RoomEvents roomEvents() {
        return event -> {
            if (!RoomId.isValid(event.room())) return;
            RoomId room = new RoomId(event.room());
            if (event.type().equals(RoomEvent.ROOM_STARTED)) placement.claim(room);
            else if (event.type().equals(RoomEvent.ROOM_FINISHED)) placement.release(room);
        };
    }

    /**
     * A drain started: this node takes no new rooms (its state says draining), and its rooms are released so that
     * participants who move are placed together on another node at once.
     */
    public Future<Void> handOverRooms() {
        var releases = rooms.snapshots().stream().map(r -> placement.release(new RoomId(r.name()))).toList();
        LOG.info("cluster: draining; " + releases.size() + " rooms released for placement elsewhere");
        return Future.join(releases).mapEmpty();
    }

    @Override
    public void close() {
        hosted.close();
        nodes.close();
        relays.close();
    }
}

package io.patchbay.signaling.cluster;

import io.patchbay.core.room.RoomId;
import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Which node owns each room, in a cluster-wide map. A room is placed when it is first needed (a join or a REST
 * create, on whichever node receives it) on the least loaded node ({@link PlacementPolicy}); a room whose owner left
 * the cluster is placed again the same way. Concurrent placements agree through the map's atomic operations.
 */
public final class RoomPlacement {
    private static final Logger LOG = Logger.getLogger(RoomPlacement.class.getName());
    static final String MAP = "patchbay.rooms";

    /** No node can take the room (all full or draining). */
    public static final class NoCapacityException extends RuntimeException {
        NoCapacityException() {
            super("no node in the cluster can take a room now (all are full or draining)");
        }
    }

    private final NodeDirectory nodes;
    private final AsyncMap<String, String> owners;

    private RoomPlacement(NodeDirectory nodes, AsyncMap<String, String> owners) {
        this.nodes = nodes;
        this.owners = owners;
    }

    public static Future<RoomPlacement> create(io.vertx.core.Vertx vertx, NodeDirectory nodes) {
        return vertx.sharedData().<String, String>getAsyncMap(MAP).map(m -> {
            RoomPlacement placement = new RoomPlacement(nodes, m);
            nodes.onNodeLeft(placement::forgetRoomsOf);
            return placement;
        });
    }

    /** The room's owner, placing the room now if it has none or its owner is gone. */
    public Future<NodeInfo> ownerOf(RoomId room) {
        return ownerOf(room, 3);
    }

    private Future<NodeInfo> ownerOf(RoomId room, int attempts) {
        return owners.get(room.value()).compose(owner -> {
            if (owner != null && nodes.isMember(owner)) {
                // A live owner keeps its room even before its first report (it may have just started): moving the
                // room would split it.
                return nodes.node(owner).map(info -> info.orElseGet(() -> NodeInfo.unreported(owner)));
            }
            return placeAgain(room, owner, attempts);
        });
    }

    /** The room's owner if it has one now (no placement). */
    public Future<Optional<String>> currentOwner(RoomId room) {
        return owners.get(room.value()).map(o -> Optional.ofNullable(o).filter(nodes::isMember));
    }

    private Future<NodeInfo> placeAgain(RoomId room, String previous, int attempts) {
        if (attempts <= 0) return Future.failedFuture(new IllegalStateException("room placement kept racing"));
        return nodes.nodes().compose(live -> {
            Optional<NodeInfo> chosen = PlacementPolicy.choose(live);
            if (chosen.isEmpty()) return Future.failedFuture(new NoCapacityException());
            String id = chosen.get().id();
            Future<Boolean> won = previous == null
                    ? owners.putIfAbsent(room.value(), id).map(p -> p == null)
                    : owners.replaceIfPresent(room.value(), previous, id);
            return won.compose(ok -> {
                if (!ok) return ownerOf(room, attempts - 1); // another node placed it first: take its choice
                LOG.info("cluster: room " + room + " placed on node " + id
                        + (previous == null ? "" : " (its owner " + previous + " is gone)"));
                return Future.succeededFuture(chosen.get());
            });
        });
    }

    /** This node opened the room (e.g. a join raced with the room's closing): it owns it unless another does. */
    public Future<Void> claim(RoomId room) {
        return owners.putIfAbsent(room.value(), nodes.selfId()).mapEmpty();
    }

    /** The room closed on this node. */
    public Future<Void> release(RoomId room) {
        return owners.removeIfPresent(room.value(), nodes.selfId()).mapEmpty();
    }

    /** A node left: its rooms have no owner until they are needed again (then placed on a live node). */
    private void forgetRoomsOf(String deadNode) {
        owners.entries().onSuccess(entries -> entries.forEach((room, owner) -> {
            if (owner.equals(deadNode)) owners.removeIfPresent(room, deadNode);
        }));
    }
}

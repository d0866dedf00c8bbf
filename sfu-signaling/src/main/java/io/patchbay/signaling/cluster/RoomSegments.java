package io.patchbay.signaling.cluster;

import io.patchbay.core.room.RoomId;
import io.patchbay.media.relay.RelayLinks;
import io.patchbay.signaling.room.RemoteMembers;
import io.patchbay.signaling.room.RoomSpan;
import io.vertx.core.eventbus.EventBus;
import java.util.HashMap;
import java.util.Map;

/**
 * Every room open on this node takes part in its room across nodes ({@link RoomSegment}); a node that leaves the
 * cluster takes its participants out of every room here. Event-loop thread only (counts for metrics from any thread).
 */
final class RoomSegments implements RoomSpan.Factory {
    private final EventBus bus;
    private final String self;
    private final RelayLinks relays;
    private final Map<RoomId, RoomSegment> segments = new HashMap<>();

    RoomSegments(EventBus bus, NodeDirectory nodes, RelayLinks relays) {
        this.bus = bus;
        this.self = nodes.selfId();
        this.relays = relays;
        nodes.onNodeLeft(this::nodeLeft);
    }

    @Override
    public RoomSpan open(RemoteMembers members) {
        RoomId room = members.roomId();
        RoomSegment[] holder = new RoomSegment[1];
        RoomSegment segment = new RoomSegment(bus, self, members, relays, () -> segments.remove(room, holder[0]));
        holder[0] = segment;
        segments.put(room, segment);
        segment.start();
        return segment;
    }

    private void nodeLeft(String node) {
        for (RoomSegment s : segments.values().toArray(new RoomSegment[0])) s.nodeLeft(node);
    }

    /** Relays this node has open (rooms x other nodes), for metrics (any thread). */
    int linkCount() {
        return relays.port().linkCount();
    }
}

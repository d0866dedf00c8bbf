package io.patchbay.signaling.room;

import io.patchbay.core.room.LeaveReason;
import java.util.List;

/**
 * What a room tells the other nodes that hold participants of the same room (a room across nodes: each node runs its
 * own participants and relays their tracks to the others). Only this node's own participants are reported; their
 * ids are unique in the cluster. Event-loop thread only. {@link #NONE} when the node is alone.
 */
public interface RoomSpan {
    RoomSpan NONE = new RoomSpan() {
    };

    /** A participant joined here. */
    default void joined(ParticipantSnapshot participant) {
    }

    default void left(String participantId, LeaveReason reason) {
    }

    /** A participant here published a track. */
    default void published(String participantId, RelayableTrack track) {
    }

    default void unpublished(String participantId, String trackId) {
    }

    default void muted(String participantId, String trackId, boolean muted) {
    }

    /** Subscribers here want these simulcast layers of a track published on another node. */
    default void layersWanted(String trackId, List<String> rids) {
    }

    /**
     * Sends an API command to the node its participant is connected to; false if that node cannot be reached now.
     */
    default boolean forward(String node, RemoteCommand command) {
        return false;
    }

    /** The room was deleted through the API here: it closes on every node. */
    default void deleted() {
    }

    /** The room closed on this node. */
    default void closed() {
    }

    /** Makes a room's span when the room opens on this node. */
    interface Factory {
        RoomSpan open(RemoteMembers members);
    }
}

package io.patchbay.core.room;

import java.time.Instant;
import java.util.Objects;

/**
 * A participant as the room core sees it: who it is, what it may do, and which node terminates its connections.
 *
 * @param node the node it is connected to when that is another node of a room across nodes, or null for this one
 */
public record Member(ParticipantId id, String name, Instant joinedAt, Grants grants, String node) {
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(joinedAt, "joinedAt");
        Objects.requireNonNull(grants, "grants");
    }

    /** Connected to this node: it receives what the room sends and subscribes here. */
    public boolean isLocal() {
        return node == null;
    }
}

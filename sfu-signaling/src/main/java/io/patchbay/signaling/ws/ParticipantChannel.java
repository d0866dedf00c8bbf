package io.patchbay.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a joined socket's messages go: the participant in a room on this node, or (in a cluster) the node that owns
 * the room, over the event bus. Event-loop thread only.
 */
public interface ParticipantChannel {
    /** A client message after {@code join} whose type is one of {@link ClientCommands#TYPES}. */
    void handle(String type, JsonNode message) throws SignalingException;

    /** The client left ({@code leave}, or a normal close). */
    void leave();

    /** The socket closed without a leave: the participant may resume within the resume window. */
    void socketLost();
}

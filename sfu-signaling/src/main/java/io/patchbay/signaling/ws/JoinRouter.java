package io.patchbay.signaling.ws;

import io.patchbay.signaling.room.MessageSink;
import io.vertx.core.Future;

/**
 * Takes a checked join to its room: on this node ({@link LocalJoinRouter}) or, in a cluster, on the room's owner. The
 * future fails with a {@link SignalingException} that the client is told.
 */
public interface JoinRouter {
    Future<ParticipantChannel> join(JoinRequest request, MessageSink sink);
}

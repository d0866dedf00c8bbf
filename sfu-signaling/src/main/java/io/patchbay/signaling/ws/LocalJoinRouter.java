package io.patchbay.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.signaling.room.MessageSink;
import io.patchbay.signaling.room.ParticipantHandle;
import io.patchbay.signaling.room.RoomRegistry;
import io.vertx.core.Future;

/** Joins rooms on this node; completes at once. */
public final class LocalJoinRouter implements JoinRouter {
    private final RoomRegistry rooms;

    public LocalJoinRouter(RoomRegistry rooms) {
        this.rooms = rooms;
    }

    @Override
    public Future<ParticipantChannel> join(JoinRequest r, MessageSink sink) {
        try {
            return Future.succeededFuture(new Local(joinHere(r, sink), rooms));
        } catch (SignalingException | RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Joins (or resumes) in this node's registry. */
    public ParticipantHandle joinHere(JoinRequest r, MessageSink sink) throws SignalingException {
        return r.resume()
                ? rooms.resume(r.room(), r.reconnectToken(), sink)
                : rooms.join(r.room(), r.name(), sink, r.canPublish(), r.canSubscribe(), r.identity(), r.autoSubscribe());
    }

    /** A participant in a room on this node. */
    public static final class Local implements ParticipantChannel {
        private final ParticipantHandle participant;
        private final RoomRegistry rooms;

        public Local(ParticipantHandle participant, RoomRegistry rooms) {
            this.participant = participant;
            this.rooms = rooms;
        }

        @Override
        public void handle(String type, JsonNode message) throws SignalingException {
            ClientCommands.apply(participant, type, message);
        }

        @Override
        public void leave() {
            rooms.leave(participant);
        }

        @Override
        public void socketLost() {
            rooms.socketLost(participant);
        }
    }
}

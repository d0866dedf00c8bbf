package io.patchbay.signaling.ws;

import io.patchbay.core.room.RoomId;

/**
 * A checked {@code join}: its token (if access control is on) verified, its grants applied.
 *
 * @param identity       the token's subject, or null without access control
 * @param reconnectToken set when the client resumes a session instead of joining anew
 */
public record JoinRequest(RoomId room, String name, boolean canPublish, boolean canSubscribe, String identity,
                          boolean autoSubscribe, String reconnectToken) {
    public boolean resume() {
        return reconnectToken != null;
    }
}

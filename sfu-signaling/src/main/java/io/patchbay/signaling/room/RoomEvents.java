package io.patchbay.signaling.room;

/**
 * Receives room lifecycle events (room started/finished, participant joined/left, track published/unpublished), e.g.
 * to send webhooks. Called on the signaling event loop: implementations must return quickly and never block.
 */
public interface RoomEvents {
    /** Ignores every event. */
    RoomEvents NONE = event -> { };

    void emit(RoomEvent event);
}

package io.patchbay.core.room;

/** Why a participant left its room, as {@code participant-left.reason} on the wire (docs/protocol.md). */
public enum LeaveReason {
    /** It sent {@code leave} or closed its WebSocket normally (close code 1000 or 1001). */
    LEFT("left"),
    /** Its network vanished: socket lost and not resumed in time, media silent, or ICE/DTLS failed for good. */
    TIMEOUT("timeout"),
    /** Removed (kicked) through the REST API. */
    REMOVED("removed"),
    /** The room was closed through the REST API. */
    ROOM_CLOSED("room-closed");

    private final String wireName;

    LeaveReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}

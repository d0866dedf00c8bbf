package io.patchbay.signaling.room;

/** The outcome of an administrative command on a room (kick, server-side mute, subscriptions). */
public enum RoomCommandResult {
    DONE,
    UNKNOWN_ROOM,
    UNKNOWN_PARTICIPANT,
    UNKNOWN_TRACK,
    /** The participant's token does not allow it (subscribing with {@code canSubscribe: false}). */
    NOT_ALLOWED
}

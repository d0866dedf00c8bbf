package io.patchbay.signaling.room;

/** The outcome of an administrative command on a room (kick, server-side mute, subscriptions, pins). */
public enum RoomCommandResult {
    DONE,
    UNKNOWN_ROOM,
    UNKNOWN_PARTICIPANT,
    UNKNOWN_TRACK,
    /** A {@code pin} names someone who is not another participant of the room; nothing was applied. */
    UNKNOWN_PINNED_PARTICIPANT,
    /** The participant's token does not allow it (subscribing with {@code canSubscribe: false}). */
    NOT_ALLOWED
}

package io.patchbay.signaling.room;

/** The outcome of an administrative command on a room (kick, server-side mute). */
public enum RoomCommandResult {
    DONE,
    UNKNOWN_ROOM,
    UNKNOWN_PARTICIPANT,
    UNKNOWN_TRACK
}

package io.patchbay.core.room;

/** A {@link RoomState} command that was refused; nothing changed. */
public final class RoomRefusal extends Exception {
    public enum Reason {
        /** The room holds its maximum of participants. */
        ROOM_FULL,
        /** The participant's grants do not allow it. */
        FORBIDDEN,
        /** No such participant in the room. */
        UNKNOWN_PARTICIPANT,
        /** No other participant publishes the track (or, for mute, the participant does not). */
        UNKNOWN_TRACK,
        /** A list names more tracks than the room has. */
        TOO_MANY_IDS,
        /** The id is in the room already. */
        DUPLICATE
    }

    private final Reason reason;

    public RoomRefusal(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

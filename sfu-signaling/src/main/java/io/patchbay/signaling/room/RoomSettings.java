package io.patchbay.signaling.room;

/**
 * How a room behaves. Rooms opened implicitly by a {@code join} use {@link #implicit()}: no participant limit, and
 * they close when the last participant leaves. Rooms created through the REST API are {@code kept}: they stay open
 * while empty until deleted or until they have been empty for {@code emptyTimeoutSeconds} (0 = no timeout).
 *
 * @param maxParticipants 0 = no limit
 * @param metadata opaque text for the backend, or null
 */
public record RoomSettings(int maxParticipants, int emptyTimeoutSeconds, String metadata, boolean kept) {
    public static RoomSettings implicit() {
        return new RoomSettings(0, 0, null, false);
    }
}

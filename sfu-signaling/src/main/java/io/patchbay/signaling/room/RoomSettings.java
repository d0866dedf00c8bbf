package io.patchbay.signaling.room;

/**
 * How a room behaves. Rooms opened implicitly by a {@code join} use {@link #implicit()}: no participant limit, and
 * they close when the last participant leaves. Rooms created through the REST API are {@code kept}: they stay open
 * while empty until deleted or until they have been empty for {@code emptyTimeoutSeconds} (0 = no timeout).
 *
 * @param maxParticipants 0 = no limit
 * @param metadata opaque text for the backend, or null
 * @param lastN video tracks each subscriber receives (the most recent speakers'); -1 = all,
 *              {@link #DEFAULT_LAST_N} = the server's default ({@code limits.last-n})
 * @param e2ee the clients encrypt their frames end to end: publishers may send only the codecs the server can
 *             forward without reading frames ({@link io.patchbay.core.sdp.CodecPolicy#END_TO_END_ENCRYPTED}), and
 *             every participant is told on joining
 */
public record RoomSettings(int maxParticipants, int emptyTimeoutSeconds, String metadata, boolean kept, int lastN,
                           boolean e2ee) {
    public static final int DEFAULT_LAST_N = -2;

    public RoomSettings(int maxParticipants, int emptyTimeoutSeconds, String metadata, boolean kept) {
        this(maxParticipants, emptyTimeoutSeconds, metadata, kept, DEFAULT_LAST_N, false);
    }

    /** The codecs this room's publishers may send. */
    public io.patchbay.core.sdp.CodecPolicy codecPolicy() {
        return e2ee ? io.patchbay.core.sdp.CodecPolicy.END_TO_END_ENCRYPTED : io.patchbay.core.sdp.CodecPolicy.ALL;
    }

    public static RoomSettings implicit() {
        return new RoomSettings(0, 0, null, false);
    }

    /** The room's last-N with the server's default filled in. */
    public RoomSettings withDefaultLastN(int serverDefault) {
        return lastN == DEFAULT_LAST_N
                ? new RoomSettings(maxParticipants, emptyTimeoutSeconds, metadata, kept, serverDefault, e2ee) : this;
    }
}

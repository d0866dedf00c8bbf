package io.patchbay.load.peer;

import java.nio.ByteBuffer;

/**
 * The recognizable trailer at the end of every payload the test publisher sends, so a subscriber can tell
 * which sent packet a received one is, whatever the server rewrote in the header:
 * <pre>
 * "PBAY" | publisher tag (32) | kind (8) | 0 (8) | original seq (16) | original timestamp (32)
 *        | index (32) | send time in ns (64)
 * </pre>
 */
public record MediaPattern(int publisherTag, MediaKind kind, int originalSequence, long originalTimestamp,
                           int index, long sendNanos) {
    static final int LENGTH = 28;
    private static final int MAGIC = 0x50424159; // "PBAY"

    byte[] toBytes() {
        return ByteBuffer.allocate(LENGTH).putInt(MAGIC).putInt(publisherTag).put((byte) kind.ordinal())
                .put((byte) 0).putShort((short) originalSequence).putInt((int) originalTimestamp).putInt(index)
                .putLong(sendNanos).array();
    }

    /** Reads the trailer from the end of a payload, or null if there is none. */
    public static MediaPattern read(byte[] payload) {
        if (payload.length < LENGTH) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(payload, payload.length - LENGTH, LENGTH);
        if (b.getInt() != MAGIC) {
            return null;
        }
        int tag = b.getInt();
        int kind = b.get();
        b.get();
        if (kind < 0 || kind >= MediaKind.values().length) {
            return null;
        }
        return new MediaPattern(tag, MediaKind.values()[kind], b.getShort() & 0xFFFF, b.getInt() & 0xFFFFFFFFL,
                b.getInt(), b.getLong());
    }
}

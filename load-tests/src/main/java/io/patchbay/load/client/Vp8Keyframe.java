package io.patchbay.load.client;

/**
 * Whether a plain (decrypted) RTP packet starts a VP8 keyframe: the payload descriptor (RFC 7741 section 4.2) has
 * S=1 and partition index 0, and the VP8 payload header that follows has P=0 (RFC 6386 section 9.1). Extended
 * descriptor fields (picture id, TL0PICIDX, TID/KEYIDX), which an SFU may add or rewrite, are skipped.
 */
final class Vp8Keyframe {
    private Vp8Keyframe() {
    }

    static final int NOT_A_FRAME_START = -1;
    static final int DELTA_FRAME_START = 0;
    static final int KEYFRAME_START = 1;

    /** {@code d[0..length)} is a plain RTP packet. */
    static boolean isKeyframeStart(byte[] d, int length) {
        return frameStart(d, length) == KEYFRAME_START;
    }

    /** Whether {@code d[0..length)} (plain RTP) starts a frame, and which kind: one of the constants above. */
    static int frameStart(byte[] d, int length) {
        int off = frameHeaderOffset(d, length);
        if (off < 0) return NOT_A_FRAME_START;
        return (d[off] & 0x01) == 0 ? KEYFRAME_START : DELTA_FRAME_START;
    }

    /**
     * The height (14 bits, lines) a keyframe in {@code d[0..length)} (plain RTP) states, or -1 if the packet does not
     * start a keyframe or is too short: RFC 6386 section 9.1, the 3-byte frame tag, the start code 9d 01 2a, then
     * width and height as 16-bit little-endian numbers whose top 2 bits are the scaling.
     */
    static int keyframeHeight(byte[] d, int length) {
        int off = frameHeaderOffset(d, length);
        if (off < 0 || (d[off] & 0x01) != 0 || off + 10 > payloadEnd(d, length)) return -1;
        if ((d[off + 3] & 0xFF) != 0x9d || d[off + 4] != 0x01 || d[off + 5] != 0x2a) return -1;
        return ((d[off + 8] & 0xFF) | (d[off + 9] & 0xFF) << 8) & 0x3FFF;
    }

    private static int payloadEnd(byte[] d, int length) {
        return (d[0] & 0x20) != 0 ? length - (d[length - 1] & 0xFF) : length;
    }

    /** Offset of the VP8 payload header (frame tag) if the packet starts partition 0 of a frame, else -1. */
    private static int frameHeaderOffset(byte[] d, int length) {
        if (length < 12 || (d[0] & 0xC0) != 0x80) return -1;
        int off = 12 + 4 * (d[0] & 0x0F);
        if ((d[0] & 0x10) != 0) { // RFC 3550 5.3.1 header extension
            if (off + 4 > length) return -1;
            off += 4 + 4 * Bytes.u16(d, off + 2);
        }
        int end = payloadEnd(d, length);
        if (off >= end) return -1;
        int b0 = d[off++] & 0xFF;
        if ((b0 & 0x10) == 0 || (b0 & 0x07) != 0) return -1; // not the start of partition 0
        if ((b0 & 0x80) != 0) { // X: extension octet
            if (off >= end) return -1;
            int x = d[off++] & 0xFF;
            if ((x & 0x80) != 0) { // I: picture id, 7 or 15 bits (M)
                if (off >= end) return -1;
                off += (d[off] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) off++; // L: TL0PICIDX
            if ((x & 0x30) != 0) off++; // T or K: TID/Y/KEYIDX
        }
        return off >= end ? -1 : off;
    }
}

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
        if (length < 12 || (d[0] & 0xC0) != 0x80) return NOT_A_FRAME_START;
        int off = 12 + 4 * (d[0] & 0x0F);
        if ((d[0] & 0x10) != 0) { // RFC 3550 5.3.1 header extension
            if (off + 4 > length) return NOT_A_FRAME_START;
            off += 4 + 4 * Bytes.u16(d, off + 2);
        }
        int end = length;
        if ((d[0] & 0x20) != 0) end -= d[length - 1] & 0xFF;
        if (off >= end) return NOT_A_FRAME_START;
        int b0 = d[off++] & 0xFF;
        if ((b0 & 0x10) == 0 || (b0 & 0x07) != 0) return NOT_A_FRAME_START; // not the start of partition 0
        if ((b0 & 0x80) != 0) { // X: extension octet
            if (off >= end) return NOT_A_FRAME_START;
            int x = d[off++] & 0xFF;
            if ((x & 0x80) != 0) { // I: picture id, 7 or 15 bits (M)
                if (off >= end) return NOT_A_FRAME_START;
                off += (d[off] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) off++; // L: TL0PICIDX
            if ((x & 0x30) != 0) off++; // T or K: TID/Y/KEYIDX
        }
        if (off >= end) return NOT_A_FRAME_START;
        return (d[off] & 0x01) == 0 ? KEYFRAME_START : DELTA_FRAME_START;
    }
}

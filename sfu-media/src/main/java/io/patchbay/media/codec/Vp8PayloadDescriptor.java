package io.patchbay.media.codec;

import io.patchbay.media.packet.Bytes;

/**
 * A reusable view of the VP8 payload descriptor at the start of an RTP payload (RFC 7741 section 4.2), and of the
 * key frame header when the packet starts one (RFC 7741 section 4.3, RFC 6386 section 9.1). {@link #parse} checks
 * every length and records the fields; nothing is copied or allocated. Not thread-safe: one instance per media thread,
 * reused for every packet. Accessors are only meaningful after {@link #parse} returned {@link Vp8ParseResult#OK}.
 *
 * <pre>
 *        0 1 2 3 4 5 6 7
 *       +-+-+-+-+-+-+-+-+
 *       |X|R|N|S|R| PID | (REQUIRED)     X: extension byte present; N: non-reference frame;
 *       +-+-+-+-+-+-+-+-+                 S: start of a VP8 partition; PID: partition index
 *  X:   |I|L|T|K| RSV   | (OPTIONAL)     I: PictureID, L: TL0PICIDX, T: TID/Y, K: KEYIDX present
 *       +-+-+-+-+-+-+-+-+
 *  I:   |M| PictureID   | (OPTIONAL)     M=1: 15-bit PictureID (this byte's 7 bits are the high bits)
 *       +-+-+-+-+-+-+-+-+
 *  M:   |   PictureID   |                (only when M=1)
 *       +-+-+-+-+-+-+-+-+
 *  L:   |   TL0PICIDX   | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 *  T/K: |TID|Y| KEYIDX  | (OPTIONAL)     present when T or K is set; TID and Y mean something only with T,
 *       +-+-+-+-+-+-+-+-+                KEYIDX only with K
 * </pre>
 *
 * The VP8 payload follows. When S=1 and PID=0 it starts with the frame tag (RFC 6386 section 9.1), and for a key
 * frame (P=0) with the start code and the dimensions:
 * <pre>
 *       +-+-+-+-+-+-+-+-+
 *       |Size0|H| VER |P|  P: inverse key frame flag (0 = key frame); then Size1, Size2 (3-byte frame tag)
 *       +-+-+-+-+-+-+-+-+
 *       0x9D 0x01 0x2A     start code
 *       width:  16 bits little-endian, low 14 bits the width, high 2 bits the horizontal scale
 *       height: 16 bits little-endian, low 14 bits the height, high 2 bits the vertical scale
 * </pre>
 */
public final class Vp8PayloadDescriptor {
    /** Bytes of a key frame's header that {@link #parse} reads: frame tag, start code, width and height. */
    public static final int KEYFRAME_HEADER_LENGTH = 10;
    /** Largest 7-bit and 15-bit PictureID. */
    public static final int MAX_PICTURE_ID_7 = 0x7F;
    public static final int MAX_PICTURE_ID_15 = 0x7FFF;

    private static final int X = 0x80;
    private static final int N = 0x20;
    private static final int S = 0x10;
    private static final int I = 0x80;
    private static final int L = 0x40;
    private static final int T = 0x20;
    private static final int K = 0x10;
    private static final int M = 0x80;

    private byte[] buf;
    private int offset;
    private int length;
    private int first;
    private int extension;
    private int descriptorLength;
    private int pictureId;
    private int pictureIdBits;
    private int tl0PicIdx;
    private int tidYKeyIdx;
    private boolean keyframe;
    private int width;
    private int height;

    /**
     * Parses the descriptor of the RTP payload at {@code buf[off, off + len)} (padding excluded), and the key frame
     * header when the payload starts one. On anything but {@link Vp8ParseResult#OK} the accessors hold leftovers and
     * must not be used.
     */
    public Vp8ParseResult parse(byte[] buf, int off, int len) {
        this.buf = buf;
        this.offset = off;
        this.length = len;
        this.first = 0;
        this.extension = 0;
        this.descriptorLength = 0;
        this.pictureId = -1;
        this.pictureIdBits = 0;
        this.tl0PicIdx = -1;
        this.tidYKeyIdx = 0;
        this.keyframe = false;
        this.width = 0;
        this.height = 0;
        if (!Bytes.inBounds(buf, off, len)) {
            return Vp8ParseResult.BAD_BOUNDS;
        }
        if (len == 0) {
            return Vp8ParseResult.EMPTY;
        }
        int end = off + len;
        int pos = off;
        first = buf[pos++] & 0xFF;
        if ((first & X) != 0) {
            if (pos == end) {
                return Vp8ParseResult.TRUNCATED_EXTENSION;
            }
            extension = buf[pos++] & 0xFF;
            if ((extension & I) != 0) {
                if (pos == end) {
                    return Vp8ParseResult.TRUNCATED_PICTURE_ID;
                }
                int high = buf[pos++] & 0xFF;
                if ((high & M) != 0) {
                    if (pos == end) {
                        return Vp8ParseResult.TRUNCATED_PICTURE_ID;
                    }
                    pictureId = (high & 0x7F) << 8 | (buf[pos++] & 0xFF);
                    pictureIdBits = 15;
                } else {
                    pictureId = high;
                    pictureIdBits = 7;
                }
            }
            if ((extension & L) != 0) {
                if (pos == end) {
                    return Vp8ParseResult.TRUNCATED_TL0PICIDX;
                }
                tl0PicIdx = buf[pos++] & 0xFF;
            }
            if ((extension & (T | K)) != 0) {
                if (pos == end) {
                    return Vp8ParseResult.TRUNCATED_TID_KEYIDX;
                }
                tidYKeyIdx = buf[pos++] & 0xFF;
            }
        }
        descriptorLength = pos - off;
        if (pos == end) {
            return Vp8ParseResult.NO_PAYLOAD;
        }
        if ((first & (S | 0x07)) == S && (buf[pos] & 0x01) == 0) {
            if (end - pos < KEYFRAME_HEADER_LENGTH) {
                return Vp8ParseResult.TRUNCATED_KEYFRAME_HEADER;
            }
            if (Bytes.u24(buf, pos + 3) != 0x9D012A) {
                return Vp8ParseResult.BAD_START_CODE;
            }
            keyframe = true;
            width = littleEndian14(buf, pos + 6);
            height = littleEndian14(buf, pos + 8);
        }
        return Vp8ParseResult.OK;
    }

    private static int littleEndian14(byte[] buf, int i) {
        return ((buf[i + 1] & 0x3F) << 8) | (buf[i] & 0xFF);
    }

    /** The array the last parsed payload lives in. */
    public byte[] buffer() {
        return buf;
    }

    /** Index of the descriptor's first byte (the RTP payload's first byte) in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    /** Length of the whole RTP payload (descriptor and VP8 payload). */
    public int length() {
        return length;
    }

    /** Bytes of the payload descriptor: 1 to 6. */
    public int descriptorLength() {
        return descriptorLength;
    }

    /** Index in {@link #buffer()} of the VP8 payload's first byte (after the descriptor). */
    public int vp8PayloadOffset() {
        return offset + descriptorLength;
    }

    /** Bytes of VP8 payload after the descriptor; at least 1 after a successful parse. */
    public int vp8PayloadLength() {
        return length - descriptorLength;
    }

    /** X: the extension byte is present. */
    public boolean hasExtension() {
        return (first & X) != 0;
    }

    /** N: the frame can be discarded without affecting any other frame. */
    public boolean nonReference() {
        return (first & N) != 0;
    }

    /** S: the payload starts a VP8 partition. */
    public boolean startOfPartition() {
        return (first & S) != 0;
    }

    /** PID: the partition index 0..7. */
    public int partitionIndex() {
        return first & 0x07;
    }

    /** S=1 and PID=0: the payload starts a frame (picture). */
    public boolean startOfFrame() {
        return (first & (S | 0x07)) == S;
    }

    public boolean hasPictureId() {
        return pictureIdBits != 0;
    }

    /** PictureID: 0..127 when {@link #pictureIdBits()} is 7, 0..32767 when 15; -1 when absent. */
    public int pictureId() {
        return pictureId;
    }

    /** 7 or 15 (the M bit), or 0 when the PictureID is absent. */
    public int pictureIdBits() {
        return pictureIdBits;
    }

    public boolean hasTl0PicIdx() {
        return tl0PicIdx >= 0;
    }

    /** TL0PICIDX 0..255, or -1 when absent. */
    public int tl0PicIdx() {
        return tl0PicIdx;
    }

    /** T: TID and Y are present. */
    public boolean hasTid() {
        return (extension & T) != 0;
    }

    /** Temporal layer index 0..3; 0 without {@link #hasTid()}. */
    public int tid() {
        return hasTid() ? tidYKeyIdx >>> 6 : 0;
    }

    /** Y: the frame depends only on the base temporal layer; false without {@link #hasTid()}. */
    public boolean layerSync() {
        return hasTid() && (tidYKeyIdx & 0x20) != 0;
    }

    /** K: KEYIDX is present. */
    public boolean hasKeyIdx() {
        return (extension & K) != 0;
    }

    /** KEYIDX 0..31, or -1 without {@link #hasKeyIdx()}. */
    public int keyIdx() {
        return hasKeyIdx() ? tidYKeyIdx & 0x1F : -1;
    }

    /** The payload starts a key frame: S=1, PID=0, P=0, and the start code is there. */
    public boolean isKeyframe() {
        return keyframe;
    }

    /** Key frame width in pixels (14 bits, scaling bits dropped); 0 unless {@link #isKeyframe()}. */
    public int width() {
        return width;
    }

    /** Key frame height in pixels (14 bits, scaling bits dropped); 0 unless {@link #isKeyframe()}. */
    public int height() {
        return height;
    }

    // ---- In-place writers for a descriptor that has already been parsed (OK) at buf[off]. ----

    /**
     * Writes the PictureID with the width the descriptor already has: the low 7 bits of {@code value} into a 7-bit
     * field, the low 15 bits into a 15-bit one (M bit kept).
     *
     * @return false, writing nothing, when the descriptor has no PictureID
     */
    public static boolean writePictureId(byte[] buf, int off, int value) {
        if ((buf[off] & X) == 0 || (buf[off + 1] & I) == 0) {
            return false;
        }
        int at = off + 2;
        if ((buf[at] & M) != 0) {
            buf[at] = (byte) (M | (value >>> 8) & 0x7F);
            buf[at + 1] = (byte) value;
        } else {
            buf[at] = (byte) (value & 0x7F);
        }
        return true;
    }

    /**
     * Writes the low 8 bits of {@code value} as TL0PICIDX.
     *
     * @return false, writing nothing, when the descriptor has no TL0PICIDX
     */
    public static boolean writeTl0PicIdx(byte[] buf, int off, int value) {
        if ((buf[off] & X) == 0 || (buf[off + 1] & L) == 0) {
            return false;
        }
        buf[off + 2 + pictureIdLength(buf, off)] = (byte) value;
        return true;
    }

    /**
     * Writes the low 5 bits of {@code value} as KEYIDX, keeping TID and Y.
     *
     * @return false, writing nothing, when the descriptor has no KEYIDX
     */
    public static boolean writeKeyIdx(byte[] buf, int off, int value) {
        if ((buf[off] & X) == 0 || (buf[off + 1] & K) == 0) {
            return false;
        }
        int at = off + 2 + pictureIdLength(buf, off) + ((buf[off + 1] & L) != 0 ? 1 : 0);
        buf[at] = (byte) ((buf[at] & 0xE0) | (value & 0x1F));
        return true;
    }

    /** Bytes of the PictureID field of the descriptor at buf[off], which has the extension byte: 0, 1 or 2. */
    private static int pictureIdLength(byte[] buf, int off) {
        if ((buf[off + 1] & I) == 0) {
            return 0;
        }
        return (buf[off + 2] & M) != 0 ? 2 : 1;
    }
}

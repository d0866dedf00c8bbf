package io.patchbay.media.codec;

import io.patchbay.media.packet.Bytes;

/**
 * A reusable view of the VP9 payload descriptor at the start of an RTP payload (RFC 9628 section 4.2), in flexible
 * (F=1) and non-flexible (F=0) mode, with its scalability structure (section 4.2.1). {@link #parse} checks every
 * length and records the fields; nothing is copied or allocated. Of the scalability structure only the spatial layer
 * count and resolutions are kept; its picture group is checked and skipped. Not thread-safe: one instance per media
 * thread, reused for every packet. Accessors are only meaningful after {@link #parse} returned
 * {@link Vp9ParseResult#OK}.
 *
 * <pre>
 *        0 1 2 3 4 5 6 7
 *       +-+-+-+-+-+-+-+-+
 *       |I|P|L|F|B|E|V|Z| (REQUIRED)     I: PICTURE ID present; P: inter-picture predicted; L: layer indices
 *       +-+-+-+-+-+-+-+-+                present; F: flexible mode; B: start of a layer frame; E: end of a
 *  I:   |M| PICTURE ID  | (OPTIONAL)     layer frame; V: SS present; Z: not a reference for upper spatial layers
 *       +-+-+-+-+-+-+-+-+                M=1: 15-bit PICTURE ID (this byte's 7 bits are the high bits); the RFC
 *  M:   | EXTENDED PID  |                requires it in flexible mode, this parser only when P_DIFFs follow
 *       +-+-+-+-+-+-+-+-+
 *  L:   | TID |U| SID |D| (OPTIONAL)     temporal layer 0..7, switching up point, spatial layer 0..7,
 *       +-+-+-+-+-+-+-+-+                inter-layer dependency
 *  F=0: |   TL0PICIDX   |                non-flexible mode only, and only with L
 *       +-+-+-+-+-+-+-+-+ -\
 *  F=1: | P_DIFF      |N|  . up to 3     flexible mode only, and only with P: the picture references
 *       +-+-+-+-+-+-+-+-+ -/ times       PICTURE ID - P_DIFF; N=1: another P_DIFF follows
 *  V:   | SS            | (OPTIONAL)     scalability structure, below
 *       | ..            |
 *       +-+-+-+-+-+-+-+-+
 *
 *  SS:  +-+-+-+-+-+-+-+-+
 *       | N_S |Y|G|-|-|-|                N_S + 1 spatial layers (1..8); Y: resolutions present; G: N_G present
 *       +-+-+-+-+-+-+-+-+ -\
 *  Y:   |     WIDTH     |  .             16 bits each, big-endian, for spatial layers 0 to N_S
 *       |   (16 bits)   |  . N_S + 1
 *       |    HEIGHT     |  . times
 *       |   (16 bits)   |  .
 *       +-+-+-+-+-+-+-+-+ -/
 *  G:   |      N_G      |                pictures in the picture group (0 when G=0)
 *       +-+-+-+-+-+-+-+-+ -\
 *  N_G: | TID |U| R |-|-|  .             per picture: temporal layer, switching up point, R references
 *       +-+-+-+-+-+-+-+-+  . N_G times
 *       |    P_DIFF     |  .             8 bits, R times
 *       +-+-+-+-+-+-+-+-+ -/
 * </pre>
 *
 * The VP9 frame data follows the descriptor. {@link #keyframe()} reads the start of a key picture from the descriptor
 * alone (B=1, P=0, SID=0), as a forwarder needs it; the VP9 uncompressed header is not parsed.
 */
public final class Vp9PayloadDescriptor {
    /** Spatial layers a scalability structure can describe (N_S is 3 bits). */
    public static final int MAX_SPATIAL_LAYERS = 8;
    /** P_DIFFs a flexible-mode descriptor can carry. */
    public static final int MAX_REFERENCES = 3;
    /**
     * Longest descriptor: first byte, 15-bit PICTURE ID, layer indices, 3 P_DIFFs, and a scalability structure with 8
     * resolutions and 255 pictures of 3 P_DIFFs each.
     */
    public static final int MAX_DESCRIPTOR_LENGTH =
            1 + 2 + 1 + MAX_REFERENCES + 1 + 4 * MAX_SPATIAL_LAYERS + 1 + 255 * (1 + 3);
    /** Largest 7-bit and 15-bit PICTURE ID. */
    public static final int MAX_PICTURE_ID_7 = 0x7F;
    public static final int MAX_PICTURE_ID_15 = 0x7FFF;

    private static final int I = 0x80;
    private static final int P = 0x40;
    private static final int L = 0x20;
    private static final int F = 0x10;
    private static final int B = 0x08;
    private static final int E = 0x04;
    private static final int V = 0x02;
    private static final int Z = 0x01;
    private static final int M = 0x80;
    /** In the layer indices byte. */
    private static final int U = 0x10;
    private static final int D = 0x01;
    /** In the scalability structure's first byte. */
    private static final int SS_Y = 0x10;
    private static final int SS_G = 0x08;

    private final int[] pDiffs = new int[MAX_REFERENCES];
    /** Per spatial layer: WIDTH in the high 16 bits, HEIGHT in the low 16, as the SS lays them out. */
    private final int[] resolutions = new int[MAX_SPATIAL_LAYERS];

    private byte[] buf;
    private int offset;
    private int length;
    /** Read position and end of the payload during {@link #parse}. */
    private int pos;
    private int end;
    private int first;
    private int descriptorLength;
    private int pictureId;
    private int pictureIdBits;
    private int layerIndices;
    private int tl0PicIdx;
    private int referenceCount;
    private int spatialLayerCount;
    private boolean hasResolutions;

    /**
     * Parses the descriptor of the RTP payload at {@code buf[off, off + len)} (padding excluded). On anything but
     * {@link Vp9ParseResult#OK} the accessors hold leftovers and must not be used.
     */
    public Vp9ParseResult parse(byte[] buf, int off, int len) {
        this.buf = buf;
        this.offset = off;
        this.length = len;
        this.first = 0;
        this.descriptorLength = 0;
        this.pictureId = -1;
        this.pictureIdBits = 0;
        this.layerIndices = 0;
        this.tl0PicIdx = -1;
        this.referenceCount = 0;
        this.spatialLayerCount = 0;
        this.hasResolutions = false;
        if (!Bytes.inBounds(buf, off, len)) {
            return Vp9ParseResult.BAD_BOUNDS;
        }
        if (len == 0) {
            return Vp9ParseResult.EMPTY;
        }
        pos = off;
        end = off + len;
        first = buf[pos++] & 0xFF;
        if ((first & I) != 0 && !readPictureId()) {
            return Vp9ParseResult.TRUNCATED_PICTURE_ID;
        }
        if ((first & L) != 0) {
            if (pos == end) {
                return Vp9ParseResult.TRUNCATED_LAYER_INDICES;
            }
            layerIndices = buf[pos++] & 0xFF;
            if ((first & F) == 0) {
                if (pos == end) {
                    return Vp9ParseResult.TRUNCATED_TL0PICIDX;
                }
                tl0PicIdx = buf[pos++] & 0xFF;
            }
        }
        if ((first & (F | P)) == (F | P)) {
            Vp9ParseResult references = readReferences();
            if (references != Vp9ParseResult.OK) {
                return references;
            }
        }
        if ((first & V) != 0) {
            Vp9ParseResult ss = readScalabilityStructure();
            if (ss != Vp9ParseResult.OK) {
                return ss;
            }
        }
        descriptorLength = pos - off;
        return pos == end ? Vp9ParseResult.NO_PAYLOAD : Vp9ParseResult.OK;
    }

    /** Reads the 7- or 15-bit PICTURE ID at {@link #pos}; false when the payload ends inside it. */
    private boolean readPictureId() {
        if (pos == end) {
            return false;
        }
        if ((buf[pos] & M) == 0) {
            pictureId = buf[pos++] & MAX_PICTURE_ID_7;
            pictureIdBits = 7;
            return true;
        }
        if (end - pos < 2) {
            return false;
        }
        pictureId = Bytes.u16(buf, pos) & MAX_PICTURE_ID_15;
        pictureIdBits = 15;
        pos += 2;
        return true;
    }

    /** Reads the P_DIFF chain of a flexible-mode descriptor with P set. */
    private Vp9ParseResult readReferences() {
        if (pictureIdBits == 0) {
            return Vp9ParseResult.REFERENCES_WITHOUT_PICTURE_ID;
        }
        int pDiff;
        do {
            if (referenceCount == MAX_REFERENCES) {
                return Vp9ParseResult.TOO_MANY_REFERENCES;
            }
            if (pos == end) {
                return Vp9ParseResult.TRUNCATED_REFERENCES;
            }
            pDiff = buf[pos++] & 0xFF;
            pDiffs[referenceCount++] = pDiff >>> 1;
        } while ((pDiff & 0x01) != 0);
        return Vp9ParseResult.OK;
    }

    /** Reads the spatial layers and their resolutions, and checks and skips the picture group. */
    private Vp9ParseResult readScalabilityStructure() {
        if (pos == end) {
            return Vp9ParseResult.TRUNCATED_SS;
        }
        int ss = buf[pos++] & 0xFF;
        int layers = (ss >>> 5) + 1;
        if ((ss & SS_Y) != 0) {
            if (end - pos < 4 * layers) {
                return Vp9ParseResult.TRUNCATED_SS_RESOLUTION;
            }
            for (int sid = 0; sid < layers; sid++, pos += 4) {
                resolutions[sid] = Bytes.i32(buf, pos);
            }
            hasResolutions = true;
        }
        spatialLayerCount = layers;
        if ((ss & SS_G) != 0) {
            if (pos == end) {
                return Vp9ParseResult.TRUNCATED_SS_PICTURE_GROUP;
            }
            for (int pictures = buf[pos++] & 0xFF; pictures > 0; pictures--) {
                if (pos == end) {
                    return Vp9ParseResult.TRUNCATED_SS_PICTURE_GROUP;
                }
                int references = (buf[pos++] & 0x0C) >>> 2;
                if (end - pos < references) {
                    return Vp9ParseResult.TRUNCATED_SS_PICTURE_GROUP;
                }
                pos += references;
            }
        }
        return Vp9ParseResult.OK;
    }

    /** The array the last parsed payload lives in. */
    public byte[] buffer() {
        return buf;
    }

    /** Index of the descriptor's first byte (the RTP payload's first byte) in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    /** Length of the whole RTP payload (descriptor and VP9 frame data). */
    public int length() {
        return length;
    }

    /** Bytes of the payload descriptor before the VP9 frame data: 1 to {@link #MAX_DESCRIPTOR_LENGTH}. */
    public int descriptorLength() {
        return descriptorLength;
    }

    /** Index in {@link #buffer()} of the VP9 frame data's first byte (after the descriptor). */
    public int vp9PayloadOffset() {
        return offset + descriptorLength;
    }

    /** Bytes of VP9 frame data after the descriptor; at least 1 after a successful parse. */
    public int vp9PayloadLength() {
        return length - descriptorLength;
    }

    /** I: the PICTURE ID is present. */
    public boolean hasPictureId() {
        return pictureIdBits != 0;
    }

    /** PICTURE ID: 0..127 when {@link #pictureIdBits()} is 7, 0..32767 when 15; -1 when absent. */
    public int pictureId() {
        return pictureId;
    }

    /** 7 or 15 (the M bit), or 0 when the PICTURE ID is absent. */
    public int pictureIdBits() {
        return pictureIdBits;
    }

    /** P: the picture is predicted from an earlier picture (not from a lower spatial layer of this one). */
    public boolean interPicturePredicted() {
        return (first & P) != 0;
    }

    /** F: flexible mode, references as P_DIFFs in each packet instead of TL0PICIDX and a picture group. */
    public boolean flexibleMode() {
        return (first & F) != 0;
    }

    /** B: the payload starts a layer frame (one spatial layer of a picture). */
    public boolean startOfLayerFrame() {
        return (first & B) != 0;
    }

    /** E: the payload ends a layer frame. */
    public boolean endOfLayerFrame() {
        return (first & E) != 0;
    }

    /** V: a scalability structure is present. */
    public boolean hasScalabilityStructure() {
        return (first & V) != 0;
    }

    /** Z: the layer frame is not used as a reference by upper spatial layers of the same picture. */
    public boolean notReferenceForUpperSpatial() {
        return (first & Z) != 0;
    }

    /** L: the layer indices byte is present. */
    public boolean hasLayerIndices() {
        return (first & L) != 0;
    }

    /** TID: temporal layer 0..7; 0 without {@link #hasLayerIndices()}. */
    public int temporalId() {
        return layerIndices >>> 5;
    }

    /** U: switching up point (upper temporal layers can be switched to from here); false without layer indices. */
    public boolean switchingUpPoint() {
        return (layerIndices & U) != 0;
    }

    /** SID: spatial layer 0..7; 0 without {@link #hasLayerIndices()}. */
    public int spatialId() {
        return (layerIndices >>> 1) & 0x07;
    }

    /** D: the layer frame depends on the lower spatial layer of the same picture; false without layer indices. */
    public boolean interLayerDependency() {
        return (layerIndices & D) != 0;
    }

    public boolean hasTl0PicIdx() {
        return tl0PicIdx >= 0;
    }

    /** TL0PICIDX 0..255, or -1 when absent (flexible mode, or no layer indices). */
    public int tl0PicIdx() {
        return tl0PicIdx;
    }

    /** P_DIFFs present: 1..3 in flexible mode with P set, 0 otherwise. */
    public int referenceCount() {
        return referenceCount;
    }

    /**
     * The {@code i}th P_DIFF, 0..127: the picture references PICTURE ID minus this (modulo the PICTURE ID's range);
     * -1 when {@code i} is not in {@code [0, referenceCount())}.
     */
    public int pDiff(int i) {
        return i >= 0 && i < referenceCount ? pDiffs[i] : -1;
    }

    /** N_S + 1, the spatial layers the scalability structure describes (1..8); 0 without one. */
    public int spatialLayerCount() {
        return spatialLayerCount;
    }

    /** Y: the scalability structure gives each spatial layer's resolution; false without one. */
    public boolean hasLayerResolutions() {
        return hasResolutions;
    }

    /** WIDTH of spatial layer {@code sid}; 0 without {@link #hasLayerResolutions()} or for a layer not described. */
    public int width(int sid) {
        return hasLayerResolution(sid) ? resolutions[sid] >>> 16 : 0;
    }

    /** HEIGHT of spatial layer {@code sid}; 0 without {@link #hasLayerResolutions()} or for a layer not described. */
    public int height(int sid) {
        return hasLayerResolution(sid) ? resolutions[sid] & 0xFFFF : 0;
    }

    private boolean hasLayerResolution(int sid) {
        return hasResolutions && sid >= 0 && sid < spatialLayerCount;
    }

    /**
     * The payload starts a key picture: it starts a layer frame (B=1) that is not inter-picture predicted (P=0) in
     * the base spatial layer (SID=0, or no layer indices). Upper spatial layers of a key picture have P=0 too, but
     * depend on this one.
     */
    public boolean keyframe() {
        return (first & (B | P)) == B && spatialId() == 0;
    }

    // ---- In-place writers for a descriptor that has already been parsed (OK) at buf[off]. ----

    /**
     * Writes the PICTURE ID with the width the descriptor already has: the low 7 bits of {@code value} into a 7-bit
     * field, the low 15 bits into a 15-bit one (M bit kept).
     *
     * @return false, writing nothing, when the descriptor has no PICTURE ID
     */
    public static boolean writePictureId(byte[] buf, int off, int value) {
        if ((buf[off] & I) == 0) {
            return false;
        }
        int at = off + 1;
        if ((buf[at] & M) != 0) {
            Bytes.put16(buf, at, M << 8 | value & MAX_PICTURE_ID_15);
        } else {
            buf[at] = (byte) (value & MAX_PICTURE_ID_7);
        }
        return true;
    }

    /**
     * Writes the low 8 bits of {@code value} as TL0PICIDX.
     *
     * @return false, writing nothing, when the descriptor has no TL0PICIDX (flexible mode, or no layer indices)
     */
    public static boolean writeTl0PicIdx(byte[] buf, int off, int value) {
        if ((buf[off] & (L | F)) != L) {
            return false;
        }
        int pictureIdLength = (buf[off] & I) == 0 ? 0 : (buf[off + 1] & M) != 0 ? 2 : 1;
        buf[off + 1 + pictureIdLength + 1] = (byte) value;
        return true;
    }
}

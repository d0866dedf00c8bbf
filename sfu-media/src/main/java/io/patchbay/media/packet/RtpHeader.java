package io.patchbay.media.packet;

/**
 * A reusable, mutable view of the RTP header of a packet in a caller-owned array (RFC 3550 section 5.1, header
 * extensions per RFC 8285). {@link #parse} checks every length and records the fields; nothing is copied or allocated.
 * One instance belongs to one thread (the media thread that owns the packet) and is reused for every packet.
 *
 * <p>All offsets returned ({@link #payloadOffset()}, {@link #extensionDataOffset()}, {@link #findExtension}) are
 * indexes into {@link #buffer()}, not relative to the packet start. Accessors are only meaningful after
 * {@link #parse} returned {@link RtpParseResult#OK}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |      defined by profile       |           length              |  (if X: length in 32-bit words,
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+   not counting this word)
 * |                        header extension                       |
 * |                             ....                              |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                            payload          ....              |
 * |                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               | padding ...   | padding count |  (if P)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Extension elements (RFC 8285), one-byte form (profile 0xBEDE) and two-byte form (profile 0x100X):
 * <pre>
 *  one-byte:  +-+-+-+-+-+-+-+-+-+-+-+-+      two-byte:  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *             |  ID   |  L-1  | data...              |      ID       |    length     |    data...
 *             +-+-+-+-+-+-+-+-+-+-+-+-+                +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  ID 0: one padding byte; ID 15 (one-byte form): stop   ID 0: one padding byte; length may be 0
 * </pre>
 */
public final class RtpHeader {
    /** Size of the fixed header. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** Profile of the one-byte header extension form (RFC 8285 section 4.2). */
    public static final int PROFILE_ONE_BYTE = 0xBEDE;
    /** Profile of the two-byte header extension form, low 4 bits are "appbits" (RFC 8285 section 4.3). */
    public static final int PROFILE_TWO_BYTE = 0x1000;

    private byte[] buf;
    private int offset;
    private int length;
    private int first;
    private int second;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private int headerLength;
    private int paddingLength;
    private int extensionProfile;
    private int extensionDataOffset;
    private int extensionDataLength;
    private int foundElementLength;

    /**
     * Parses the header of the packet at {@code buf[off, off + len)}. On anything but {@link RtpParseResult#OK} the
     * accessors hold leftovers and must not be used.
     */
    public RtpParseResult parse(byte[] buf, int off, int len) {
        this.buf = buf;
        this.offset = off;
        this.length = len;
        this.headerLength = 0;
        this.paddingLength = 0;
        this.extensionProfile = 0;
        this.extensionDataOffset = -1;
        this.extensionDataLength = 0;
        this.foundElementLength = 0;
        if (!Bytes.inBounds(buf, off, len)) {
            return RtpParseResult.BAD_BOUNDS;
        }
        if (len < FIXED_HEADER_LENGTH) {
            return RtpParseResult.TOO_SHORT;
        }
        first = buf[off] & 0xFF;
        if (first >>> 6 != 2) {
            return RtpParseResult.BAD_VERSION;
        }
        second = buf[off + 1] & 0xFF;
        sequenceNumber = Bytes.u16(buf, off + 2);
        timestamp = Bytes.u32(buf, off + 4);
        ssrc = Bytes.u32(buf, off + 8);

        int pos = FIXED_HEADER_LENGTH + 4 * (first & 0x0F);
        if (pos > len) {
            return RtpParseResult.BAD_CSRC_COUNT;
        }
        if ((first & 0x10) != 0) {
            if (pos + 4 > len) {
                return RtpParseResult.BAD_EXTENSION_LENGTH;
            }
            int profile = Bytes.u16(buf, off + pos);
            int dataLength = 4 * Bytes.u16(buf, off + pos + 2);
            pos += 4;
            if (dataLength > len - pos) {
                return RtpParseResult.BAD_EXTENSION_LENGTH;
            }
            extensionProfile = profile;
            extensionDataOffset = off + pos;
            extensionDataLength = dataLength;
            pos += dataLength;
        }
        headerLength = pos;
        if ((first & 0x20) != 0) {
            if (pos == len) {
                return RtpParseResult.BAD_PADDING;
            }
            int count = buf[off + len - 1] & 0xFF;
            if (count == 0 || count > len - pos) {
                return RtpParseResult.BAD_PADDING;
            }
            paddingLength = count;
        }
        return RtpParseResult.OK;
    }

    /** The array the last parsed packet lives in. */
    public byte[] buffer() {
        return buf;
    }

    /** Index of the packet's first byte in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    /** Length of the whole packet (header, payload and padding). */
    public int length() {
        return length;
    }

    public int version() {
        return first >>> 6;
    }

    public boolean hasPadding() {
        return (first & 0x20) != 0;
    }

    public boolean hasExtension() {
        return (first & 0x10) != 0;
    }

    public int csrcCount() {
        return first & 0x0F;
    }

    /** CSRC number {@code i} (0-based, below {@link #csrcCount()}) as an unsigned 32-bit value. */
    public long csrc(int i) {
        return Bytes.u32(buf, offset + FIXED_HEADER_LENGTH + 4 * i);
    }

    public boolean marker() {
        return (second & 0x80) != 0;
    }

    /** Payload type 0..127. */
    public int payloadType() {
        return second & 0x7F;
    }

    /** Sequence number 0..65535. */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** RTP timestamp 0..2^32-1. */
    public long timestamp() {
        return timestamp;
    }

    /** SSRC 0..2^32-1. */
    public long ssrc() {
        return ssrc;
    }

    /** Bytes from the packet start to the payload: fixed header, CSRCs and the extension block. */
    public int headerLength() {
        return headerLength;
    }

    /** Index of the first payload byte in {@link #buffer()}. */
    public int payloadOffset() {
        return offset + headerLength;
    }

    /** Payload bytes, not counting padding. */
    public int payloadLength() {
        return length - headerLength - paddingLength;
    }

    /** Padding bytes at the end of the packet including the count byte; 0 without the padding flag. */
    public int paddingLength() {
        return paddingLength;
    }

    /** The 16-bit "defined by profile" field of the extension header, or 0 when there is no extension. */
    public int extensionProfile() {
        return extensionProfile;
    }

    /** True for the RFC 8285 one-byte form (profile 0xBEDE). */
    public boolean isOneByteExtension() {
        return hasExtension() && extensionProfile == PROFILE_ONE_BYTE;
    }

    /** True for the RFC 8285 two-byte form (profile 0x1000..0x100F). */
    public boolean isTwoByteExtension() {
        return hasExtension() && (extensionProfile & 0xFFF0) == PROFILE_TWO_BYTE;
    }

    /** Index in {@link #buffer()} of the extension data (after its 4-byte header), or -1 without an extension. */
    public int extensionDataOffset() {
        return extensionDataOffset;
    }

    /** Length of the extension data in bytes (a multiple of 4), 0 without an extension. */
    public int extensionDataLength() {
        return extensionDataLength;
    }

    /**
     * Finds the RFC 8285 extension element with local identifier {@code id} (1..14 in the one-byte form, 1..255 in
     * the two-byte form). Walks the elements, stopping at the first one that would run past the extension block.
     *
     * @return index in {@link #buffer()} of the element's data, its length then available from
     *     {@link #foundExtensionLength()}; or -1 when absent, malformed or the extension is not RFC 8285
     */
    public int findExtension(int id) {
        foundElementLength = 0;
        if (extensionDataOffset < 0 || id < 1) {
            return -1;
        }
        if (extensionProfile == PROFILE_ONE_BYTE) {
            return id <= 14 ? findOneByte(id) : -1;
        }
        if ((extensionProfile & 0xFFF0) == PROFILE_TWO_BYTE) {
            return id <= 255 ? findTwoByte(id) : -1;
        }
        return -1;
    }

    /** Length of the element found by the last successful {@link #findExtension}; 0 after a miss. */
    public int foundExtensionLength() {
        return foundElementLength;
    }

    private int findOneByte(int id) {
        int pos = extensionDataOffset;
        int end = extensionDataOffset + extensionDataLength;
        while (pos < end) {
            int b = buf[pos] & 0xFF;
            int elementId = b >>> 4;
            if (elementId == 0) {
                pos++; // padding byte
                continue;
            }
            if (elementId == 15) {
                return -1; // reserved: processing stops here (RFC 8285 section 4.2)
            }
            int elementLength = (b & 0x0F) + 1;
            int data = pos + 1;
            if (elementLength > end - data) {
                return -1;
            }
            if (elementId == id) {
                foundElementLength = elementLength;
                return data;
            }
            pos = data + elementLength;
        }
        return -1;
    }

    private int findTwoByte(int id) {
        int pos = extensionDataOffset;
        int end = extensionDataOffset + extensionDataLength;
        while (pos < end) {
            int elementId = buf[pos] & 0xFF;
            if (elementId == 0) {
                pos++; // padding byte
                continue;
            }
            if (pos + 2 > end) {
                return -1;
            }
            int elementLength = buf[pos + 1] & 0xFF;
            int data = pos + 2;
            if (elementLength > end - data) {
                return -1;
            }
            if (elementId == id) {
                foundElementLength = elementLength;
                return data;
            }
            pos = data + elementLength;
        }
        return -1;
    }

    // ---- In-place writers for a header that has already been parsed (or written) at buf[off]. ----

    /** Writes the sequence number (low 16 bits of {@code seq}). */
    public static void setSequenceNumber(byte[] buf, int off, int seq) {
        Bytes.put16(buf, off + 2, seq);
    }

    /** Writes the timestamp (low 32 bits of {@code timestamp}). */
    public static void setTimestamp(byte[] buf, int off, long timestamp) {
        Bytes.put32(buf, off + 4, timestamp);
    }

    /** Writes the SSRC (low 32 bits of {@code ssrc}). */
    public static void setSsrc(byte[] buf, int off, long ssrc) {
        Bytes.put32(buf, off + 8, ssrc);
    }

    /** Writes the payload type (low 7 bits of {@code payloadType}), keeping the marker bit. */
    public static void setPayloadType(byte[] buf, int off, int payloadType) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (payloadType & 0x7F));
    }

    /** Sets or clears the marker bit, keeping the payload type. */
    public static void setMarker(byte[] buf, int off, boolean marker) {
        buf[off + 1] = (byte) (marker ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
    }
}

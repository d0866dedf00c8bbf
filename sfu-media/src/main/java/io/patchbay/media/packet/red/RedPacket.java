package io.patchbay.media.packet.red;

import io.patchbay.media.packet.Bytes;
import io.patchbay.media.packet.RtpHeader;

/**
 * A reusable view of an RTP payload for redundant audio data (RFC 2198), as browsers send Opus with
 * {@code red/48000/2}: block headers, then the redundant (older) encodings, then the primary (newest) one. Only the
 * primary has no length; it takes what is left. Nothing is copied or allocated. Not thread-safe: one instance per
 * media thread, reused for every packet.
 *
 * <pre>
 * Redundant block header (F=1), one per redundant block, oldest first:
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |F|   block PT  |  timestamp offset         |   block length    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   timestamp offset: 14 bits, subtracted from the RTP header's timestamp; block length: 10 bits, in bytes
 *
 * Primary block header (F=0), always last:
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |0|   Block PT  |
 * +-+-+-+-+-+-+-+-+
 *
 * Then the block data in header order: redundant 1 | redundant 2 | ... | primary (the rest of the payload)
 * </pre>
 *
 * Block indexes run {@code 0 .. blockCount() - 1} in header order; the primary is the last,
 * {@link #primaryIndex()}. Offsets are indexes into the parsed array.
 *
 * <pre>
 *   if (red.parse(header) == RedParseResult.OK) {
 *       packet.length = red.stripToPrimary(header, opusPt);   // plain Opus, header and extensions kept
 *   }
 * </pre>
 */
public final class RedPacket {
    /** Most redundant blocks accepted (browsers send one or two). */
    public static final int MAX_REDUNDANT_BLOCKS = 15;
    /** Bytes of a redundant block header. */
    public static final int REDUNDANT_HEADER_LENGTH = 4;
    /** Largest timestamp offset (14 bits) and block length (10 bits). */
    public static final int MAX_TIMESTAMP_OFFSET = 0x3FFF;
    public static final int MAX_BLOCK_LENGTH = 0x3FF;

    private final int[] payloadTypes = new int[MAX_REDUNDANT_BLOCKS + 1];
    private final int[] timestampOffsets = new int[MAX_REDUNDANT_BLOCKS + 1];
    private final int[] offsets = new int[MAX_REDUNDANT_BLOCKS + 1];
    private final int[] lengths = new int[MAX_REDUNDANT_BLOCKS + 1];
    private int blockCount;
    private byte[] buf;
    private int payloadOffset;
    private int payloadLength;

    /** Parses the payload of a parsed RTP packet (padding excluded). */
    public RedParseResult parse(RtpHeader header) {
        return parse(header.buffer(), header.payloadOffset(), header.payloadLength());
    }

    /**
     * Parses the RED payload at {@code buf[off, off + len)}. On anything but {@link RedParseResult#OK},
     * {@link #blockCount()} is 0 and the other accessors must not be used.
     */
    public RedParseResult parse(byte[] buf, int off, int len) {
        this.blockCount = 0;
        this.buf = buf;
        this.payloadOffset = off;
        this.payloadLength = len;
        if (!Bytes.inBounds(buf, off, len)) {
            return RedParseResult.BAD_BOUNDS;
        }
        if (len == 0) {
            return RedParseResult.EMPTY;
        }
        int end = off + len;
        int pos = off;
        int redundant = 0;
        while ((buf[pos] & 0x80) != 0) {
            if (redundant == MAX_REDUNDANT_BLOCKS) {
                return RedParseResult.TOO_MANY_BLOCKS;
            }
            if (end - pos < REDUNDANT_HEADER_LENGTH + 1) { // this header and at least the primary's
                return RedParseResult.TRUNCATED_HEADERS;
            }
            int word = Bytes.i32(buf, pos);
            payloadTypes[redundant] = (word >>> 24) & 0x7F;
            timestampOffsets[redundant] = (word >>> 10) & MAX_TIMESTAMP_OFFSET;
            lengths[redundant] = word & MAX_BLOCK_LENGTH;
            redundant++;
            pos += REDUNDANT_HEADER_LENGTH;
        }
        payloadTypes[redundant] = buf[pos] & 0x7F;
        timestampOffsets[redundant] = 0;
        pos++;
        for (int i = 0; i < redundant; i++) {
            if (lengths[i] > end - pos) {
                return RedParseResult.BLOCK_LENGTH_OVERFLOW;
            }
            offsets[i] = pos;
            pos += lengths[i];
        }
        offsets[redundant] = pos;
        lengths[redundant] = end - pos;
        blockCount = redundant + 1;
        return RedParseResult.OK;
    }

    /** Blocks including the primary; 0 after a failed parse. */
    public int blockCount() {
        return blockCount;
    }

    /** Redundant blocks (all but the primary). */
    public int redundantCount() {
        return blockCount - 1;
    }

    /** Index of the primary block: the last one. */
    public int primaryIndex() {
        return blockCount - 1;
    }

    /** Payload type of block {@code i} (0..127). */
    public int payloadType(int i) {
        return payloadTypes[i];
    }

    /** Timestamp offset of block {@code i} (0..16383), subtracted from the header timestamp; 0 for the primary. */
    public int timestampOffset(int i) {
        return timestampOffsets[i];
    }

    /** Index in the parsed array of the data of block {@code i}. */
    public int blockOffset(int i) {
        return offsets[i];
    }

    /** Data length of block {@code i}; may be 0. */
    public int blockLength(int i) {
        return lengths[i];
    }

    public int primaryPayloadType() {
        return payloadTypes[blockCount - 1];
    }

    public int primaryOffset() {
        return offsets[blockCount - 1];
    }

    public int primaryLength() {
        return lengths[blockCount - 1];
    }

    /**
     * Rewrites the RED packet {@code header} describes, in place, into a plain packet carrying only the primary
     * encoding: the RTP header (CSRCs and extensions) stays, the payload type becomes {@code primaryPayloadType}
     * (marker kept), the primary's data moves to the start of the payload, and padding is dropped (P bit cleared).
     * This view must have parsed that packet's payload ({@link #parse(RtpHeader)} returned OK); afterwards both views
     * are stale.
     *
     * @return the new packet length (from {@code header.offset()}), or -1 when this view does not hold a parse of
     *     that packet's array
     */
    public int stripToPrimary(RtpHeader header, int primaryPayloadType) {
        return writePrimary(header, primaryPayloadType, header.buffer(), header.offset());
    }

    /**
     * Like {@link #stripToPrimary} but writes the plain packet to {@code dst[dstOff]} and leaves the RED packet as it
     * is (unless {@code dst} is its array and the regions overlap: then in place only at the same offset).
     *
     * @return the plain packet's length, or -1 when this view holds no parse of that packet or it does not fit
     */
    public int writePrimary(RtpHeader header, int primaryPayloadType, byte[] dst, int dstOff) {
        int headerLength = header.headerLength();
        if (blockCount == 0 || buf != header.buffer() || payloadOffset != header.payloadOffset()) {
            return -1;
        }
        int primaryOffset = offsets[blockCount - 1];
        int primaryLength = lengths[blockCount - 1];
        int total = headerLength + primaryLength;
        if (!Bytes.inBounds(dst, dstOff, total)) {
            return -1;
        }
        int srcOff = header.offset();
        if (dst != buf || dstOff != srcOff) {
            System.arraycopy(buf, srcOff, dst, dstOff, headerLength);
        }
        System.arraycopy(buf, primaryOffset, dst, dstOff + headerLength, primaryLength);
        dst[dstOff] = (byte) (dst[dstOff] & ~0x20);
        RtpHeader.setPayloadType(dst, dstOff, primaryPayloadType);
        return total;
    }

    /**
     * Writes redundant block {@code i} as a packet of its own, for recovering a lost packet: the fixed header of the
     * RED packet (no CSRCs, no extensions, no padding, marker cleared) with {@code payloadType},
     * {@code sequenceNumber} (the caller's choice: browsers send the previous packets' encodings, so usually the RED
     * packet's sequence number minus {@code redundantCount() - i}) and the timestamp minus the block's offset, then
     * the block's data. {@code dst} must not overlap the RED packet.
     *
     * @return the packet's length, or -1 when {@code i} is not a redundant block, the view is stale or it does not fit
     */
    public int writeRedundant(RtpHeader header, int i, int payloadType, int sequenceNumber, byte[] dst, int dstOff) {
        if (blockCount == 0 || i < 0 || i >= blockCount - 1 || buf != header.buffer()
                || payloadOffset != header.payloadOffset()) {
            return -1;
        }
        int total = RtpHeader.FIXED_HEADER_LENGTH + lengths[i];
        if (!Bytes.inBounds(dst, dstOff, total)) {
            return -1;
        }
        dst[dstOff] = (byte) 0x80;
        dst[dstOff + 1] = (byte) (payloadType & 0x7F);
        Bytes.put16(dst, dstOff + 2, sequenceNumber);
        Bytes.put32(dst, dstOff + 4, header.timestamp() - timestampOffsets[i]);
        Bytes.put32(dst, dstOff + 8, header.ssrc());
        System.arraycopy(buf, offsets[i], dst, dstOff + RtpHeader.FIXED_HEADER_LENGTH, lengths[i]);
        return total;
    }
}

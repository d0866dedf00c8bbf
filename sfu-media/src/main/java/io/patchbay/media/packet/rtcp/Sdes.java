package io.patchbay.media.packet.rtcp;

import io.patchbay.media.packet.Bytes;

/**
 * Source description, PT=202 (RFC 3550 section 6.5). Parsing walks every chunk and item to check their lengths and
 * keeps only the first CNAME; the writer emits one chunk with one CNAME item. Reusable parsed view (one per thread).
 *
 * <pre>
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    SC   |  PT=SDES=202  |             length            |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * chunk  |                          SSRC/CSRC_1                          |
 *   1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                           SDES items                          |
 *        |                              ...                              |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * chunk  |                          SSRC/CSRC_2                          |
 *   2    ...
 *
 *  item:  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *         |    type (CNAME=1) |     length    | text (length bytes) ...
 *         +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  The item list of a chunk ends with one or more zero bytes (type END), up to the next 32-bit boundary.
 * </pre>
 */
public final class Sdes {
    public static final int ITEM_END = 0;
    public static final int ITEM_CNAME = 1;
    public static final int MAX_TEXT_LENGTH = 255;

    private int chunkCount;
    private long cnameSsrc;
    private int cnameOffset;
    private int cnameLength;

    /**
     * Parses the SDES at {@code buf[off]}; {@code len} is the bytes available. Every chunk must hold its SSRC and an
     * item list that ends (with a zero byte) inside the packet.
     */
    public RtcpParseResult parse(byte[] buf, int off, int len) {
        RtcpParseResult result = RtcpHeader.check(buf, off, len, RtcpHeader.SDES, -1, RtcpHeader.HEADER_LENGTH);
        if (result != RtcpParseResult.OK) {
            return result;
        }
        int count = RtcpHeader.count(buf, off);
        int end = off + RtcpHeader.contentLength(buf, off);
        int pos = off + RtcpHeader.HEADER_LENGTH;
        long foundSsrc = 0;
        int foundOffset = -1;
        int foundLength = 0;
        for (int chunk = 0; chunk < count; chunk++) {
            if (end - pos < 4) {
                return RtcpParseResult.BAD_COUNT;
            }
            long ssrc = Bytes.u32(buf, pos);
            pos += 4;
            for (;;) {
                if (pos >= end) {
                    return RtcpParseResult.BAD_LENGTH; // no END item
                }
                int type = buf[pos] & 0xFF;
                if (type == ITEM_END) {
                    pos = off + ((pos + 1 - off + 3) & ~3); // skip the null bytes up to the next 32-bit boundary
                    break;
                }
                if (end - pos < 2) {
                    return RtcpParseResult.BAD_LENGTH;
                }
                int itemLength = buf[pos + 1] & 0xFF;
                if (itemLength > end - pos - 2) {
                    return RtcpParseResult.BAD_LENGTH;
                }
                if (type == ITEM_CNAME && foundOffset < 0) {
                    foundSsrc = ssrc;
                    foundOffset = pos + 2;
                    foundLength = itemLength;
                }
                pos += 2 + itemLength;
            }
        }
        this.chunkCount = count;
        this.cnameSsrc = foundSsrc;
        this.cnameOffset = foundOffset;
        this.cnameLength = foundLength;
        return RtcpParseResult.OK;
    }

    public int chunkCount() {
        return chunkCount;
    }

    /** SSRC of the chunk holding the first CNAME (0 when none). */
    public long cnameSsrc() {
        return cnameSsrc;
    }

    /** Index in the buffer of the first CNAME text, or -1 when the packet has none. */
    public int cnameOffset() {
        return cnameOffset;
    }

    /** Length of the first CNAME text in bytes (0 when none). */
    public int cnameLength() {
        return cnameLength;
    }

    /**
     * Writes an SDES with one chunk: {@code ssrc} and a CNAME item with the {@code cnameLength} (0..255) bytes at
     * {@code cname[cnameOff]}, then 1..4 zero bytes to end the item list on a 32-bit boundary. Callers keep the CNAME
     * encoded once, so this allocates nothing.
     *
     * @return bytes written, or -1 when they do not fit or the CNAME is too long
     */
    public static int writeCname(byte[] buf, int off, long ssrc, byte[] cname, int cnameOff, int cnameLength) {
        if (cnameLength < 0 || cnameLength > MAX_TEXT_LENGTH || !Bytes.inBounds(cname, cnameOff, cnameLength)) {
            return -1;
        }
        int itemsEnd = RtcpHeader.HEADER_LENGTH + 4 + 2 + cnameLength;
        int total = (itemsEnd + 1 + 3) & ~3; // at least one END byte, then up to a 32-bit boundary
        if (!Bytes.inBounds(buf, off, total)) {
            return -1;
        }
        RtcpHeader.write(buf, off, 1, RtcpHeader.SDES, total);
        Bytes.put32(buf, off + 4, ssrc);
        buf[off + 8] = ITEM_CNAME;
        buf[off + 9] = (byte) cnameLength;
        System.arraycopy(cname, cnameOff, buf, off + 10, cnameLength);
        for (int i = off + itemsEnd; i < off + total; i++) {
            buf[i] = 0;
        }
        return total;
    }
}

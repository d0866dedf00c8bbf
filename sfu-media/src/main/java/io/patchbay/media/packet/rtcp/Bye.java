package io.patchbay.media.packet.rtcp;

import io.patchbay.media.packet.Bytes;

/**
 * Goodbye, PT=203 (RFC 3550 section 6.6): the listed sources are leaving, optionally with a reason. Reusable parsed
 * view (one per thread) plus a static writer (without reason).
 *
 * <pre>
 *        0                   1                   2                   3
 *        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |V=2|P|    SC   |   PT=BYE=203  |             length            |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |                           SSRC/CSRC                           |  SC times
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       :                              ...                              :
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * (opt) |     length    |               reason for leaving            ...
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Bye {
    public static final int MAX_SOURCES = 31;

    private byte[] buf;
    private int offset;
    private int sourceCount;
    private int reasonOffset;
    private int reasonLength;

    /** Parses the BYE at {@code buf[off]}; {@code len} is the bytes available. */
    public RtcpParseResult parse(byte[] buf, int off, int len) {
        RtcpParseResult result = RtcpHeader.check(buf, off, len, RtcpHeader.BYE, -1, RtcpHeader.HEADER_LENGTH);
        if (result != RtcpParseResult.OK) {
            return result;
        }
        int count = RtcpHeader.count(buf, off);
        int content = RtcpHeader.contentLength(buf, off);
        int reasonAt = RtcpHeader.HEADER_LENGTH + 4 * count;
        if (reasonAt > content) {
            return RtcpParseResult.BAD_COUNT;
        }
        int reasonStart = -1;
        int reasonBytes = 0;
        if (reasonAt < content) {
            reasonBytes = buf[off + reasonAt] & 0xFF;
            if (reasonBytes > content - reasonAt - 1) {
                return RtcpParseResult.BAD_LENGTH;
            }
            reasonStart = off + reasonAt + 1;
        }
        this.buf = buf;
        this.offset = off;
        this.sourceCount = count;
        this.reasonOffset = reasonStart;
        this.reasonLength = reasonBytes;
        return RtcpParseResult.OK;
    }

    public int sourceCount() {
        return sourceCount;
    }

    /** SSRC/CSRC number {@code i} (below {@link #sourceCount()}). */
    public long ssrc(int i) {
        return Bytes.u32(buf, offset + RtcpHeader.HEADER_LENGTH + 4 * i);
    }

    /** Index in the buffer of the reason text (UTF-8), or -1 when the packet has none. */
    public int reasonOffset() {
        return reasonOffset;
    }

    /** Length of the reason text in bytes (0 when absent). */
    public int reasonLength() {
        return reasonLength;
    }

    /**
     * Writes a BYE for {@code ssrcs[0..count)} ({@code count} 0..31), without reason.
     *
     * @return bytes written ({@code 4 + 4 * count}), or -1 when they do not fit or the count is out of range
     */
    public static int write(byte[] buf, int off, long[] ssrcs, int count) {
        if (count < 0 || count > MAX_SOURCES || (count > 0 && (ssrcs == null || ssrcs.length < count))) {
            return -1;
        }
        int total = RtcpHeader.HEADER_LENGTH + 4 * count;
        if (!Bytes.inBounds(buf, off, total)) {
            return -1;
        }
        RtcpHeader.write(buf, off, count, RtcpHeader.BYE, total);
        for (int i = 0; i < count; i++) {
            Bytes.put32(buf, off + RtcpHeader.HEADER_LENGTH + 4 * i, ssrcs[i]);
        }
        return total;
    }
}

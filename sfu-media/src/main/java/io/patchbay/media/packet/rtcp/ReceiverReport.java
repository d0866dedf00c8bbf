package io.patchbay.media.packet.rtcp;

import io.patchbay.media.packet.Bytes;

/**
 * Receiver report, PT=201 (RFC 3550 section 6.4.2). A reusable parsed view (one per thread) plus a static writer. An
 * RR with no blocks (8 bytes) is the usual first packet of a compound that carries only feedback.
 *
 * <pre>
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=RR=201   |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                     SSRC of packet sender                     |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        |                 report block 1 ... RC ({@link ReportBlock})    |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        |                  profile-specific extensions                  |  (ignored)
 * </pre>
 */
public final class ReceiverReport {
    /** Header and sender SSRC. */
    public static final int FIXED_LENGTH = 8;
    public static final int MAX_REPORT_BLOCKS = 31;

    private byte[] buf;
    private int offset;
    private long ssrc;
    private int reportCount;

    /** Parses the RR at {@code buf[off]}; {@code len} is the bytes available (the packet may be shorter). */
    public RtcpParseResult parse(byte[] buf, int off, int len) {
        RtcpParseResult result = RtcpHeader.check(buf, off, len, RtcpHeader.RR, -1, FIXED_LENGTH);
        if (result != RtcpParseResult.OK) {
            return result;
        }
        int count = RtcpHeader.count(buf, off);
        if (FIXED_LENGTH + count * ReportBlock.LENGTH > RtcpHeader.contentLength(buf, off)) {
            return RtcpParseResult.BAD_COUNT;
        }
        this.buf = buf;
        this.offset = off;
        this.reportCount = count;
        this.ssrc = Bytes.u32(buf, off + 4);
        return RtcpParseResult.OK;
    }

    /** SSRC of the packet sender. */
    public long ssrc() {
        return ssrc;
    }

    public int reportCount() {
        return reportCount;
    }

    /** Index in the buffer of report block {@code i} (0-based, below {@link #reportCount()}). */
    public int reportBlockOffset(int i) {
        return offset + FIXED_LENGTH + i * ReportBlock.LENGTH;
    }

    /** Reads report block {@code i} (0-based, below {@link #reportCount()}) into {@code into}. */
    public ReportBlock readReportBlock(int i, ReportBlock into) {
        return into.read(buf, reportBlockOffset(i));
    }

    /**
     * Writes an RR with {@code blockCount} (0..31) report blocks taken from {@code blocks[0..blockCount)}.
     *
     * @return bytes written ({@code 8 + 24 * blockCount}), or -1 when they do not fit or the count is out of range
     */
    public static int write(byte[] buf, int off, long ssrc, ReportBlock[] blocks, int blockCount) {
        if (blockCount < 0 || blockCount > MAX_REPORT_BLOCKS
                || (blockCount > 0 && (blocks == null || blocks.length < blockCount))) {
            return -1;
        }
        int total = FIXED_LENGTH + blockCount * ReportBlock.LENGTH;
        if (!Bytes.inBounds(buf, off, total)) {
            return -1;
        }
        RtcpHeader.write(buf, off, blockCount, RtcpHeader.RR, total);
        Bytes.put32(buf, off + 4, ssrc);
        for (int i = 0; i < blockCount; i++) {
            blocks[i].write(buf, off + FIXED_LENGTH + i * ReportBlock.LENGTH);
        }
        return total;
    }
}

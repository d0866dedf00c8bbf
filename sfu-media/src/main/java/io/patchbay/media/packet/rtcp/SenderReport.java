package io.patchbay.media.packet.rtcp;

import io.patchbay.media.packet.Bytes;

/**
 * Sender report, PT=200 (RFC 3550 section 6.4.1). A reusable parsed view (one per thread) plus a static writer.
 *
 * <pre>
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=SR=200   |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         SSRC of sender                        |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * sender |              NTP timestamp, most significant word             |
 * info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |             NTP timestamp, least significant word             |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         RTP timestamp                         |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                     sender's packet count                     |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                      sender's octet count                     |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        |                 report block 1 ... RC ({@link ReportBlock})    |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        |                  profile-specific extensions                  |  (ignored)
 * </pre>
 */
public final class SenderReport {
    /** Header, sender SSRC and sender info. */
    public static final int FIXED_LENGTH = 28;
    /** Most report blocks the 5-bit RC field can announce. */
    public static final int MAX_REPORT_BLOCKS = 31;

    private byte[] buf;
    private int offset;
    private long ssrc;
    private long ntpTimestamp;
    private long rtpTimestamp;
    private long packetCount;
    private long octetCount;
    private int reportCount;

    /** Parses the SR at {@code buf[off]}; {@code len} is the bytes available (the packet may be shorter). */
    public RtcpParseResult parse(byte[] buf, int off, int len) {
        RtcpParseResult result = RtcpHeader.check(buf, off, len, RtcpHeader.SR, -1, FIXED_LENGTH);
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
        this.ntpTimestamp = Bytes.i64(buf, off + 8);
        this.rtpTimestamp = Bytes.u32(buf, off + 16);
        this.packetCount = Bytes.u32(buf, off + 20);
        this.octetCount = Bytes.u32(buf, off + 24);
        return RtcpParseResult.OK;
    }

    public long ssrc() {
        return ssrc;
    }

    /** The 64-bit NTP timestamp as raw bits (see {@link io.patchbay.media.packet.NtpTime}). */
    public long ntpTimestamp() {
        return ntpTimestamp;
    }

    public long rtpTimestamp() {
        return rtpTimestamp;
    }

    public long packetCount() {
        return packetCount;
    }

    public long octetCount() {
        return octetCount;
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
     * Writes an SR with {@code blockCount} (0..31) report blocks taken from {@code blocks[0..blockCount)}.
     *
     * @return bytes written ({@code 28 + 24 * blockCount}), or -1 when they do not fit or the count is out of range
     */
    public static int write(byte[] buf, int off, long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount,
            long octetCount, ReportBlock[] blocks, int blockCount) {
        if (blockCount < 0 || blockCount > MAX_REPORT_BLOCKS
                || (blockCount > 0 && (blocks == null || blocks.length < blockCount))) {
            return -1;
        }
        int total = FIXED_LENGTH + blockCount * ReportBlock.LENGTH;
        if (!Bytes.inBounds(buf, off, total)) {
            return -1;
        }
        RtcpHeader.write(buf, off, blockCount, RtcpHeader.SR, total);
        Bytes.put32(buf, off + 4, ssrc);
        Bytes.put64(buf, off + 8, ntpTimestamp);
        Bytes.put32(buf, off + 16, rtpTimestamp);
        Bytes.put32(buf, off + 20, packetCount);
        Bytes.put32(buf, off + 24, octetCount);
        for (int i = 0; i < blockCount; i++) {
            blocks[i].write(buf, off + FIXED_LENGTH + i * ReportBlock.LENGTH);
        }
        return total;
    }
}

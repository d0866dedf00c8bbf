package io.patchbay.media.packet.rtcp;

import io.patchbay.media.packet.Bytes;

/**
 * Full intra request, PSFB (PT=206) FMT=4 (RFC 5104 section 4.3.1). The media source SSRC of the common header is 0;
 * each FCI entry names a media sender and a command sequence number (incremented per new request, so a repeated
 * request with the same number is a retransmission). Reusable parsed view (one per thread) plus static writers.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=4   |   PT=206      |          length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source (0)                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                              SSRC                             |  FCI entry, 1..n
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Seq nr.       |    Reserved                                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Fir {
    public static final int FMT = 4;
    public static final int ENTRY_LENGTH = 8;
    /** A FIR with one entry. */
    public static final int SINGLE_LENGTH = RtcpHeader.FEEDBACK_HEADER_LENGTH + ENTRY_LENGTH;

    private byte[] buf;
    private int offset;
    private long senderSsrc;
    private long mediaSsrc;
    private int entryCount;

    /**
     * Parses the FIR at {@code buf[off]}; {@code len} is the bytes available. At least one entry is required; bytes
     * after the last whole entry are ignored.
     */
    public RtcpParseResult parse(byte[] buf, int off, int len) {
        RtcpParseResult result = RtcpHeader.check(buf, off, len, RtcpHeader.PSFB, FMT, SINGLE_LENGTH);
        if (result != RtcpParseResult.OK) {
            return result;
        }
        this.buf = buf;
        this.offset = off;
        this.senderSsrc = RtcpHeader.senderSsrc(buf, off);
        this.mediaSsrc = RtcpHeader.mediaSsrc(buf, off);
        this.entryCount = (RtcpHeader.contentLength(buf, off) - RtcpHeader.FEEDBACK_HEADER_LENGTH) / ENTRY_LENGTH;
        return RtcpParseResult.OK;
    }

    public long senderSsrc() {
        return senderSsrc;
    }

    /** Media source SSRC of the common header (0 per RFC 5104; the targets are in the entries). */
    public long mediaSsrc() {
        return mediaSsrc;
    }

    public int entryCount() {
        return entryCount;
    }

    /** SSRC of the media sender asked for a keyframe in entry {@code i} (below {@link #entryCount()}). */
    public long entrySsrc(int i) {
        return Bytes.u32(buf, entryOffset(i));
    }

    /** Command sequence number 0..255 of entry {@code i}. */
    public int entrySeqNr(int i) {
        return buf[entryOffset(i) + 4] & 0xFF;
    }

    private int entryOffset(int i) {
        return offset + RtcpHeader.FEEDBACK_HEADER_LENGTH + i * ENTRY_LENGTH;
    }

    /**
     * Writes a FIR with one entry.
     *
     * @return {@link #SINGLE_LENGTH} (20), or -1 when it does not fit
     */
    public static int write(byte[] buf, int off, long senderSsrc, long targetSsrc, int seqNr) {
        if (!Bytes.inBounds(buf, off, SINGLE_LENGTH)) {
            return -1;
        }
        RtcpHeader.writeFeedback(buf, off, FMT, RtcpHeader.PSFB, SINGLE_LENGTH, senderSsrc, 0);
        writeEntry(buf, off + RtcpHeader.FEEDBACK_HEADER_LENGTH, targetSsrc, seqNr);
        return SINGLE_LENGTH;
    }

    /**
     * Writes a FIR with {@code count} (at least 1) entries from the parallel arrays.
     *
     * @return bytes written, or -1 when they do not fit or the arguments are inconsistent
     */
    public static int write(byte[] buf, int off, long senderSsrc, long[] targetSsrcs, int[] seqNrs, int count) {
        if (count < 1 || targetSsrcs == null || seqNrs == null || targetSsrcs.length < count
                || seqNrs.length < count) {
            return -1;
        }
        int total = RtcpHeader.FEEDBACK_HEADER_LENGTH + count * ENTRY_LENGTH;
        if (total > RtcpHeader.MAX_PACKET_LENGTH || !Bytes.inBounds(buf, off, total)) {
            return -1;
        }
        RtcpHeader.writeFeedback(buf, off, FMT, RtcpHeader.PSFB, total, senderSsrc, 0);
        for (int i = 0; i < count; i++) {
            writeEntry(buf, off + RtcpHeader.FEEDBACK_HEADER_LENGTH + i * ENTRY_LENGTH, targetSsrcs[i], seqNrs[i]);
        }
        return total;
    }

    private static void writeEntry(byte[] buf, int at, long ssrc, int seqNr) {
        Bytes.put32(buf, at, ssrc);
        buf[at + 4] = (byte) seqNr;
        buf[at + 5] = 0;
        buf[at + 6] = 0;
        buf[at + 7] = 0;
    }
}

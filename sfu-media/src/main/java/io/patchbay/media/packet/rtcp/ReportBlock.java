package io.patchbay.media.packet.rtcp;

import io.patchbay.media.packet.Bytes;

/**
 * One reception report block of an SR or RR (RFC 3550 section 6.4.1), as a mutable value: read from or written to a
 * buffer, reused by its owner (a stream's report generator, a parser's caller) so nothing is allocated per packet.
 * Unsigned 32-bit fields are held in longs.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |  (signed 24-bit)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 */
public final class ReportBlock {
    public static final int LENGTH = 24;
    /** Range of the signed 24-bit cumulative loss. */
    public static final int MAX_CUMULATIVE_LOST = 0x7F_FFFF;
    public static final int MIN_CUMULATIVE_LOST = -0x80_0000;

    private long ssrc;
    private int fractionLost;
    private int cumulativeLost;
    private long extendedHighestSeq;
    private long jitter;
    private long lastSr;
    private long delaySinceLastSr;

    /** Reads the 24 bytes at {@code buf[off]}; the caller has checked they exist. */
    public ReportBlock read(byte[] buf, int off) {
        ssrc = Bytes.u32(buf, off);
        fractionLost = buf[off + 4] & 0xFF;
        cumulativeLost = Bytes.u24(buf, off + 5) << 8 >> 8;
        extendedHighestSeq = Bytes.u32(buf, off + 8);
        jitter = Bytes.u32(buf, off + 12);
        lastSr = Bytes.u32(buf, off + 16);
        delaySinceLastSr = Bytes.u32(buf, off + 20);
        return this;
    }

    /**
     * Writes the block at {@code buf[off]}.
     *
     * @return {@link #LENGTH}, or -1 when it does not fit
     */
    public int write(byte[] buf, int off) {
        if (!Bytes.inBounds(buf, off, LENGTH)) {
            return -1;
        }
        Bytes.put32(buf, off, ssrc);
        buf[off + 4] = (byte) fractionLost;
        Bytes.put24(buf, off + 5, cumulativeLost);
        Bytes.put32(buf, off + 8, extendedHighestSeq);
        Bytes.put32(buf, off + 12, jitter);
        Bytes.put32(buf, off + 16, lastSr);
        Bytes.put32(buf, off + 20, delaySinceLastSr);
        return LENGTH;
    }

    /** Sets every field at once; values are masked or clamped to their wire ranges. */
    public ReportBlock set(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSeq, long jitter,
            long lastSr, long delaySinceLastSr) {
        this.ssrc = ssrc & 0xFFFF_FFFFL;
        this.fractionLost = Math.max(0, Math.min(255, fractionLost));
        this.cumulativeLost = Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, cumulativeLost));
        this.extendedHighestSeq = extendedHighestSeq & 0xFFFF_FFFFL;
        this.jitter = jitter & 0xFFFF_FFFFL;
        this.lastSr = lastSr & 0xFFFF_FFFFL;
        this.delaySinceLastSr = delaySinceLastSr & 0xFFFF_FFFFL;
        return this;
    }

    /** SSRC of the source this block reports on. */
    public long ssrc() {
        return ssrc;
    }

    /** Fraction lost since the previous report, in 1/256 units (0..255). */
    public int fractionLost() {
        return fractionLost;
    }

    /** Cumulative packets lost, signed (duplicates can make it negative). */
    public int cumulativeLost() {
        return cumulativeLost;
    }

    /** Cycles in the high 16 bits, highest sequence number received in the low 16 bits. */
    public long extendedHighestSeq() {
        return extendedHighestSeq;
    }

    /** Interarrival jitter in RTP timestamp units. */
    public long jitter() {
        return jitter;
    }

    /** Middle 32 bits of the NTP timestamp of the last SR received from this source (0 if none). */
    public long lastSr() {
        return lastSr;
    }

    /** Delay since that SR was received, in 1/65536 s (0 if none). */
    public long delaySinceLastSr() {
        return delaySinceLastSr;
    }
}

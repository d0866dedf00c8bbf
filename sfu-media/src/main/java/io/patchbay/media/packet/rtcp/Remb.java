package io.patchbay.media.packet.rtcp;

import io.patchbay.media.packet.Bytes;

/**
 * Receiver estimated maximum bitrate, PSFB (PT=206) FMT=15 application layer feedback with the 'REMB' identifier
 * (draft-alvestrand-rmcat-remb-03 section 2.2). The bitrate is {@code mantissa << exp} bits per second. Reusable
 * parsed view (one per thread) plus a static writer.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=15  |   PT=206      |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source (0)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Unique identifier 'R' 'E' 'M' 'B'                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Num SSRC     | BR Exp    |  BR Mantissa                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   SSRC feedback                                               |  Num SSRC times
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ...                                                          |
 * </pre>
 */
public final class Remb {
    public static final int FMT = 15;
    /** 'R' 'E' 'M' 'B' as a big-endian int. */
    public static final int IDENTIFIER = 0x52454D42;
    /** Feedback header, identifier and the bitrate word. */
    public static final int FIXED_LENGTH = 20;
    public static final int MAX_SSRCS = 255;
    private static final int MAX_MANTISSA = (1 << 18) - 1;

    private byte[] buf;
    private int offset;
    private long senderSsrc;
    private long bitrateBps;
    private int ssrcCount;

    /** Parses the REMB at {@code buf[off]}; {@code len} is the bytes available. */
    public RtcpParseResult parse(byte[] buf, int off, int len) {
        RtcpParseResult result = RtcpHeader.check(buf, off, len, RtcpHeader.PSFB, FMT, FIXED_LENGTH);
        if (result != RtcpParseResult.OK) {
            return result;
        }
        if (Bytes.i32(buf, off + 12) != IDENTIFIER) {
            return RtcpParseResult.WRONG_TYPE;
        }
        int count = buf[off + 16] & 0xFF;
        if (FIXED_LENGTH + 4 * count > RtcpHeader.contentLength(buf, off)) {
            return RtcpParseResult.BAD_COUNT;
        }
        int exponent = (buf[off + 17] & 0xFF) >>> 2;
        long mantissa = ((buf[off + 17] & 0x03) << 16) | Bytes.u16(buf, off + 18);
        // mantissa has at most 18 significant bits: shifting it by more than 63 - bitLength loses bits.
        if (mantissa != 0 && exponent > Long.numberOfLeadingZeros(mantissa) - 1) {
            return RtcpParseResult.BAD_VALUE;
        }
        this.buf = buf;
        this.offset = off;
        this.senderSsrc = RtcpHeader.senderSsrc(buf, off);
        this.bitrateBps = mantissa << exponent;
        this.ssrcCount = count;
        return RtcpParseResult.OK;
    }

    public long senderSsrc() {
        return senderSsrc;
    }

    /** Estimated maximum bitrate in bits per second. */
    public long bitrateBps() {
        return bitrateBps;
    }

    /** Number of SSRCs the estimate applies to. */
    public int ssrcCount() {
        return ssrcCount;
    }

    /** SSRC number {@code i} (below {@link #ssrcCount()}). */
    public long ssrc(int i) {
        return Bytes.u32(buf, offset + FIXED_LENGTH + 4 * i);
    }

    /**
     * Writes a REMB for {@code ssrcs[0..count)} ({@code count} 0..255). The bitrate is rounded down to 18 significant
     * bits (negative counts as 0).
     *
     * @return bytes written ({@code 20 + 4 * count}), or -1 when they do not fit or the count is out of range
     */
    public static int write(byte[] buf, int off, long senderSsrc, long bitrateBps, long[] ssrcs, int count) {
        if (count < 0 || count > MAX_SSRCS || (count > 0 && (ssrcs == null || ssrcs.length < count))) {
            return -1;
        }
        int total = FIXED_LENGTH + 4 * count;
        if (!Bytes.inBounds(buf, off, total)) {
            return -1;
        }
        long mantissa = Math.max(0, bitrateBps);
        int exponent = 0;
        while (mantissa > MAX_MANTISSA) {
            mantissa >>>= 1;
            exponent++;
        }
        RtcpHeader.writeFeedback(buf, off, FMT, RtcpHeader.PSFB, total, senderSsrc, 0);
        Bytes.put32(buf, off + 12, IDENTIFIER);
        buf[off + 16] = (byte) count;
        buf[off + 17] = (byte) (exponent << 2 | (int) (mantissa >>> 16));
        Bytes.put16(buf, off + 18, (int) mantissa);
        for (int i = 0; i < count; i++) {
            Bytes.put32(buf, off + FIXED_LENGTH + 4 * i, ssrcs[i]);
        }
        return total;
    }
}

package io.patchbay.media.packet.rtcp;

import io.patchbay.media.packet.Bytes;

/**
 * The common header of every RTCP packet (RFC 3550 section 6.4.1) and of feedback messages (RFC 4585 section 6.1),
 * with the packet type numbers. Static helpers; any thread.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| RC/FMT  |      PT       |             length            |  length: 32-bit words minus one,
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  including header and padding
 * |                  SSRC of packet sender                        |  (feedback messages:)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :            Feedback Control Information (FCI)                 :
 * </pre>
 *
 * With the padding flag, the packet's last byte counts the padding bytes, itself included.
 */
public final class RtcpHeader {
    public static final int HEADER_LENGTH = 4;
    /** Header plus sender and media SSRC of a feedback message. */
    public static final int FEEDBACK_HEADER_LENGTH = 12;

    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** Transport layer feedback (RFC 4585): NACK, TWCC, ... */
    public static final int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585): PLI, FIR, REMB, ... */
    public static final int PSFB = 206;
    public static final int XR = 207;

    /** Largest packet the 16-bit length field can describe. */
    public static final int MAX_PACKET_LENGTH = 4 * 65536;

    private RtcpHeader() {
    }

    /**
     * Checks the header of the packet at {@code buf[off]} against the {@code len} bytes available: bounds, version 2,
     * length field within {@code len}, and a plausible padding count.
     */
    public static RtcpParseResult check(byte[] buf, int off, int len) {
        if (!Bytes.inBounds(buf, off, len)) {
            return RtcpParseResult.BAD_BOUNDS;
        }
        if (len < HEADER_LENGTH) {
            return RtcpParseResult.TOO_SHORT;
        }
        if ((buf[off] & 0xC0) != 0x80) {
            return RtcpParseResult.BAD_VERSION;
        }
        int total = packetLength(buf, off);
        if (total > len) {
            return RtcpParseResult.BAD_LENGTH;
        }
        if (hasPadding(buf, off)) {
            int padding = buf[off + total - 1] & 0xFF;
            if (padding == 0 || padding > total - HEADER_LENGTH) {
                return RtcpParseResult.BAD_PADDING;
            }
        }
        return RtcpParseResult.OK;
    }

    /**
     * {@link #check} plus packet type, FMT (or -1 for any) and a minimum content length (bytes from the packet start,
     * padding excluded).
     */
    public static RtcpParseResult check(byte[] buf, int off, int len, int packetType, int fmt, int minContentLength) {
        RtcpParseResult result = check(buf, off, len);
        if (result != RtcpParseResult.OK) {
            return result;
        }
        if (packetType(buf, off) != packetType || (fmt >= 0 && count(buf, off) != fmt)) {
            return RtcpParseResult.WRONG_TYPE;
        }
        if (contentLength(buf, off) < minContentLength) {
            return RtcpParseResult.TOO_SHORT;
        }
        return RtcpParseResult.OK;
    }

    public static int version(byte[] buf, int off) {
        return (buf[off] & 0xFF) >>> 6;
    }

    public static boolean hasPadding(byte[] buf, int off) {
        return (buf[off] & 0x20) != 0;
    }

    /** The 5-bit report count, source count or FMT field. */
    public static int count(byte[] buf, int off) {
        return buf[off] & 0x1F;
    }

    public static int packetType(byte[] buf, int off) {
        return buf[off + 1] & 0xFF;
    }

    /** Whole packet length in bytes from the length field: header, content and padding. */
    public static int packetLength(byte[] buf, int off) {
        return (Bytes.u16(buf, off + 2) + 1) * 4;
    }

    /** Packet length without padding; only valid after {@link #check} returned OK. */
    public static int contentLength(byte[] buf, int off) {
        int total = packetLength(buf, off);
        return hasPadding(buf, off) ? total - (buf[off + total - 1] & 0xFF) : total;
    }

    /** Sender SSRC of a feedback message, SR, RR (the word after the header). */
    public static long senderSsrc(byte[] buf, int off) {
        return Bytes.u32(buf, off + 4);
    }

    /** Media source SSRC of a feedback message. */
    public static long mediaSsrc(byte[] buf, int off) {
        return Bytes.u32(buf, off + 8);
    }

    /**
     * Writes a header without padding: V=2, P=0, the count/FMT, the type, and the length field for a packet of
     * {@code packetLength} bytes (a multiple of 4, at least 4).
     */
    public static void write(byte[] buf, int off, int countOrFmt, int packetType, int packetLength) {
        buf[off] = (byte) (0x80 | (countOrFmt & 0x1F));
        buf[off + 1] = (byte) packetType;
        Bytes.put16(buf, off + 2, packetLength / 4 - 1);
    }

    /** Writes a feedback message header: common header plus sender and media SSRC. */
    public static void writeFeedback(byte[] buf, int off, int fmt, int packetType, int packetLength, long senderSsrc,
            long mediaSsrc) {
        write(buf, off, fmt, packetType, packetLength);
        Bytes.put32(buf, off + 4, senderSsrc);
        Bytes.put32(buf, off + 8, mediaSsrc);
    }
}

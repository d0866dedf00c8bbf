package io.patchbay.media.packet;

/**
 * Demultiplexing of STUN, DTLS, RTP/RTCP (and ZRTP, TURN channels) sharing one UDP port, by the first byte (RFC 7983
 * section 7), and RTP versus RTCP by the second byte (RFC 5761 section 4). Stateless; any thread.
 *
 * <pre>
 *                  +----------------+
 *                  |        [0..3] -+--> forward to STUN
 *                  |                |
 *                  |      [16..19] -+--> forward to ZRTP
 *                  |                |
 *      packet -->  |      [20..63] -+--> forward to DTLS
 *                  |                |
 *                  |      [64..79] -+--> forward to TURN Channel
 *                  |                |
 *                  |    [128..191] -+--> forward to RTP/RTCP
 *                  +----------------+
 * </pre>
 */
public final class Rfc7983 {
    private Rfc7983() {
    }

    /** Classifies a datagram; {@link PacketClass#UNKNOWN} for an empty or out-of-bounds region. */
    public static PacketClass classify(byte[] buf, int off, int len) {
        if (len < 1 || !Bytes.inBounds(buf, off, len)) {
            return PacketClass.UNKNOWN;
        }
        int b = buf[off] & 0xFF;
        if (b <= 3) return PacketClass.STUN;
        if (b >= 16 && b <= 19) return PacketClass.ZRTP;
        if (b >= 20 && b <= 63) return PacketClass.DTLS;
        if (b >= 64 && b <= 79) return PacketClass.TURN_CHANNEL;
        if (b >= 128 && b <= 191) return PacketClass.RTP_RTCP;
        return PacketClass.UNKNOWN;
    }

    /**
     * True when an RTP/RTCP datagram is RTCP: its second octet (RTCP packet type, or RTP marker bit and payload type)
     * is in 192..223, which RFC 5761 section 4 reserves by forbidding RTP payload types 64..95 on a muxed port.
     * False for anything shorter than 2 bytes or not in the RTP/RTCP range of the first byte.
     */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (len < 2 || !Bytes.inBounds(buf, off, len)) {
            return false;
        }
        int first = buf[off] & 0xFF;
        int second = buf[off + 1] & 0xFF;
        return first >= 128 && first <= 191 && second >= 192 && second <= 223;
    }
}

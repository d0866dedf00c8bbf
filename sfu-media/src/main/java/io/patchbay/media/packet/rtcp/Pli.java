package io.patchbay.media.packet.rtcp;

import io.patchbay.media.packet.Bytes;

/**
 * Picture loss indication, PSFB (PT=206) FMT=1 (RFC 4585 section 6.3.1): no FCI, always 12 bytes. Static accessors;
 * any thread.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=1   |   PT=206      |          length=2             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Pli {
    public static final int FMT = 1;
    public static final int LENGTH = RtcpHeader.FEEDBACK_HEADER_LENGTH;

    private Pli() {
    }

    /** Checks that {@code buf[off]} holds a PLI within {@code len} bytes; then use the SSRC accessors. */
    public static RtcpParseResult check(byte[] buf, int off, int len) {
        return RtcpHeader.check(buf, off, len, RtcpHeader.PSFB, FMT, LENGTH);
    }

    /** SSRC of the packet sender; only after {@link #check} returned OK. */
    public static long senderSsrc(byte[] buf, int off) {
        return RtcpHeader.senderSsrc(buf, off);
    }

    /** SSRC of the media source whose picture was lost; only after {@link #check} returned OK. */
    public static long mediaSsrc(byte[] buf, int off) {
        return RtcpHeader.mediaSsrc(buf, off);
    }

    /**
     * Writes a PLI.
     *
     * @return {@link #LENGTH} (12), or -1 when it does not fit
     */
    public static int write(byte[] buf, int off, long senderSsrc, long mediaSsrc) {
        if (!Bytes.inBounds(buf, off, LENGTH)) {
            return -1;
        }
        RtcpHeader.writeFeedback(buf, off, FMT, RtcpHeader.PSFB, LENGTH, senderSsrc, mediaSsrc);
        return LENGTH;
    }
}

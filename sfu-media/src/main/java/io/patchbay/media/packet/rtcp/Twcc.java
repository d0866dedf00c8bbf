package io.patchbay.media.packet.rtcp;

/**
 * Transport-wide congestion control feedback, RTPFB (PT=205) FMT=15
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1). Only recognized for now, so the demultiplexer can
 * route it to congestion control; its FCI (packet status chunks and receive deltas) is not parsed yet. Stateless;
 * any thread.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     SSRC of packet sender                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      SSRC of media source                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      base sequence number     |      packet status count      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 reference time                | fb pkt. count |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :          packet status chunks and receive deltas ...          :
 * </pre>
 */
public final class Twcc {
    public static final int FMT = 15;

    private Twcc() {
    }

    /** Checks the common feedback header of a TWCC packet at {@code buf[off]} within {@code len} bytes. */
    public static RtcpParseResult check(byte[] buf, int off, int len) {
        return RtcpHeader.check(buf, off, len, RtcpHeader.RTPFB, FMT, RtcpHeader.FEEDBACK_HEADER_LENGTH);
    }
}

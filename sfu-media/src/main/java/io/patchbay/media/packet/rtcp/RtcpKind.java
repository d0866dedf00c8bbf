package io.patchbay.media.packet.rtcp;

import io.patchbay.media.packet.Bytes;

/** What an RTCP packet is, from its packet type, FMT and (for application feedback) its identifier. */
public enum RtcpKind {
    SENDER_REPORT,
    RECEIVER_REPORT,
    SDES,
    BYE,
    APP,
    /** RTPFB FMT 1, generic NACK (RFC 4585). */
    NACK,
    /** RTPFB FMT 15, transport-wide congestion control feedback (recognized, not parsed yet). */
    TWCC,
    /** Any other RTPFB FMT. */
    RTPFB_OTHER,
    /** PSFB FMT 1, picture loss indication (RFC 4585). */
    PLI,
    /** PSFB FMT 2, slice loss indication. */
    SLI,
    /** PSFB FMT 3, reference picture selection indication. */
    RPSI,
    /** PSFB FMT 4, full intra request (RFC 5104). */
    FIR,
    /** PSFB FMT 15 with the 'REMB' identifier. */
    REMB,
    /** Any other PSFB FMT, including application feedback that is not REMB. */
    PSFB_OTHER,
    XR,
    UNKNOWN;

    /**
     * Classifies the packet at {@code buf[off]}, whose header was checked ({@link RtcpHeader#check}) and whose
     * content (padding excluded) is {@code contentLength} bytes.
     */
    public static RtcpKind of(byte[] buf, int off, int contentLength) {
        int fmt = RtcpHeader.count(buf, off);
        switch (RtcpHeader.packetType(buf, off)) {
            case RtcpHeader.SR:
                return SENDER_REPORT;
            case RtcpHeader.RR:
                return RECEIVER_REPORT;
            case RtcpHeader.SDES:
                return SDES;
            case RtcpHeader.BYE:
                return BYE;
            case RtcpHeader.APP:
                return APP;
            case RtcpHeader.XR:
                return XR;
            case RtcpHeader.RTPFB:
                if (fmt == Nack.FMT) return NACK;
                if (fmt == Twcc.FMT) return TWCC;
                return RTPFB_OTHER;
            case RtcpHeader.PSFB:
                if (fmt == Pli.FMT) return PLI;
                if (fmt == 2) return SLI;
                if (fmt == 3) return RPSI;
                if (fmt == Fir.FMT) return FIR;
                if (fmt == Remb.FMT && contentLength >= Remb.FIXED_LENGTH
                        && Bytes.i32(buf, off + 12) == Remb.IDENTIFIER) {
                    return REMB;
                }
                return PSFB_OTHER;
            default:
                return UNKNOWN;
        }
    }
}

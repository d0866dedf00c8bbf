package io.patchbay.media.packet.rtcp;

/** Why an RTCP parser accepted or rejected its input; callers count drops by this reason. */
public enum RtcpParseResult {
    OK,
    /** {@code off}/{@code len} do not describe a region of the array (a caller bug, reported instead of thrown). */
    BAD_BOUNDS,
    /** Fewer bytes than a header, or than the fixed part this packet type needs. */
    TOO_SHORT,
    /** Version field is not 2. */
    BAD_VERSION,
    /** The length field (or a length inside the packet) runs past the end of the available bytes. */
    BAD_LENGTH,
    /** Padding count of 0 or larger than the packet, or padding on a packet that is not last in its compound. */
    BAD_PADDING,
    /** Packet type or FMT is not the one this parser reads (or, for REMB, the 'REMB' identifier is missing). */
    WRONG_TYPE,
    /** The count field announces more items than the packet holds. */
    BAD_COUNT,
    /** A field value this implementation cannot represent (e.g. a REMB bitrate beyond 2^63-1). */
    BAD_VALUE
}

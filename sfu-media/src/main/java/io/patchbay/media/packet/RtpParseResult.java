package io.patchbay.media.packet;

/** Why {@link RtpHeader#parse} accepted or rejected a packet; callers count drops by this reason. */
public enum RtpParseResult {
    OK,
    /** {@code off}/{@code len} do not describe a region of the array (a caller bug, reported instead of thrown). */
    BAD_BOUNDS,
    /** Fewer than the 12 bytes of the fixed header. */
    TOO_SHORT,
    /** Version field is not 2. */
    BAD_VERSION,
    /** The CSRC list announced by CC runs past the end of the packet. */
    BAD_CSRC_COUNT,
    /** The extension header, or the extension data its length announces, runs past the end of the packet. */
    BAD_EXTENSION_LENGTH,
    /** Padding flag set but the padding count is 0 or larger than what follows the header. */
    BAD_PADDING
}

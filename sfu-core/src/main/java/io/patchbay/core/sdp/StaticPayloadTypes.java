package io.patchbay.core.sdp;

import java.util.Optional;

/**
 * The static audio and video payload types of RFC 3551 section 6, which an m-line may use without an a=rtpmap.
 * Only the ones still met in practice are listed.
 */
final class StaticPayloadTypes {
    private StaticPayloadTypes() {
    }

    /** The codec a static payload type stands for, without fmtp or feedback; empty for dynamic or unknown types. */
    static Optional<RtpCodec> lookup(int payloadType) {
        return switch (payloadType) {
            case 0 -> Optional.of(RtpCodec.of(0, "PCMU", 8000, 1));
            case 3 -> Optional.of(RtpCodec.of(3, "GSM", 8000, 1));
            case 4 -> Optional.of(RtpCodec.of(4, "G723", 8000, 1));
            case 8 -> Optional.of(RtpCodec.of(8, "PCMA", 8000, 1));
            case 9 -> Optional.of(RtpCodec.of(9, "G722", 8000, 1));
            case 13 -> Optional.of(RtpCodec.of(13, "CN", 8000, 1));
            case 18 -> Optional.of(RtpCodec.of(18, "G729", 8000, 1));
            case 26 -> Optional.of(RtpCodec.of(26, "JPEG", 90000, 1));
            case 31 -> Optional.of(RtpCodec.of(31, "H261", 90000, 1));
            case 34 -> Optional.of(RtpCodec.of(34, "H263", 90000, 1));
            default -> Optional.empty();
        };
    }
}

package io.patchbay.core.sdp;

/**
 * Which of the forwarded codecs ({@link CodecTable}) a room accepts from its publishers.
 *
 * <p>In an end-to-end encrypted room the clients encrypt every encoded frame before the browser cuts it into
 * packets, so the server may rely only on what stays in the clear. VP8 and VP9 are cut by the payload descriptor the
 * packetizer writes from the encoder's metadata (RFC 7741, RFC 9628) and keyframes show there or in the few leading
 * bytes end-to-end encryption leaves clear; Opus is one frame per packet. H264 (RFC 6184: NAL units) and AV1 (OBUs)
 * are packetized by parsing the frame, which the encryption hides, so the receiver cannot rebuild the frames. RED
 * (RFC 2198) is off as well: the server would read its block headers to strip it to Opus for subscribers without it.
 */
public enum CodecPolicy {
    /** Every codec the server forwards. */
    ALL,
    /** The room's clients encrypt their frames end to end: VP8, VP9 and Opus, without RED. */
    END_TO_END_ENCRYPTED;

    /** Whether a publisher's codec that the server forwards ({@link CodecTable#isSupported}) is accepted. */
    boolean accepts(RtpCodec codec) {
        return this == ALL || codec.nameIs("VP8") || codec.nameIs("VP9") || codec.nameIs("opus");
    }

    /** Whether Opus RED may be accepted from publishers. */
    boolean allowsRed() {
        return this == ALL;
    }

    /** The codecs named in a refusal's message. */
    String describeAccepted() {
        return this == ALL ? "opus, VP8, VP9, H264 (Constrained Baseline, Baseline, Main or High, packetization-mode 1), AV1"
                : "opus, VP8, VP9: this room is end-to-end encrypted, and H264 and AV1 are cut into packets by their"
                + " content, which the encryption hides";
    }
}

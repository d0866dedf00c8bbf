package io.patchbay.core.sdp;

import java.util.List;
import java.util.Optional;

/**
 * The codecs this server forwards, and the payload type it gives each toward subscribers.
 *
 * <p>Supported: audio opus/48000/2; video VP8/90000, H264/90000 with packetization-mode=1 and a Baseline,
 * Constrained Baseline, Main or High profile-level-id (RFC 6184; Constrained Baseline preferred when a publisher
 * offers several), VP9/90000 with profile-id 0 or 2 (8-bit or 10/12-bit 4:2:0; absent means 0), AV1/90000 with
 * profile 0 (or absent); plus rtx (RFC 4588) for any of them. The fmtp goes to subscribers as the publisher offered
 * it, so a subscriber that cannot decode the profile refuses it in its answer. Not forwarded: ulpfec, flexfec, G.711.
 *
 * <p>Canonical subscriber payload types: a BUNDLE group must use one payload type value for one codec
 * configuration (RFC 8843 section 9.1; Chromium refuses a description that maps one value to two), and publishers
 * disagree on numbers, so subscribers always get these: opus 111, VP8 96, VP9 profile 0 98 and profile 2 100, H264
 * Constrained Baseline 102, Baseline 104, Main 106, High 108, AV1 45; each video codec's rtx is the next number.
 * Two publishers of one H264 profile at different levels still share a number (the first's fmtp wins in an offer).
 */
public final class CodecTable {
    public static final int OPUS_PT = 111;
    public static final int VP8_PT = 96;
    public static final int VP9_PT = 98;
    public static final int VP9_PROFILE2_PT = 100;
    /** H264 Constrained Baseline; the other profiles follow ({@link #canonicalPayloadType}). */
    public static final int H264_PT = 102;
    public static final int H264_BASELINE_PT = 104;
    public static final int H264_MAIN_PT = 106;
    public static final int H264_HIGH_PT = 108;
    public static final int AV1_PT = 45;
    /** Opus RED (RFC 2198, {@code red/48000/2}) toward subscribers; its blocks carry {@link #OPUS_PT}. */
    public static final int RED_PT = 63;
    /** RTX payload types toward subscribers (RFC 4588), one per canonical video codec: its payload type + 1. */
    public static final int VP8_RTX_PT = 97;
    public static final int VP9_RTX_PT = 99;
    public static final int H264_RTX_PT = 103;
    public static final int AV1_RTX_PT = 46;

    /** Feedback this server accepts from publishers (only those offered are answered). */
    static final List<RtcpFeedback> PUBLISHER_FEEDBACK = List.of(
            RtcpFeedback.NACK, RtcpFeedback.NACK_PLI, RtcpFeedback.CCM_FIR, RtcpFeedback.TRANSPORT_CC, RtcpFeedback.GOOG_REMB);

    private CodecTable() {
    }

    /** True when this server can forward the (non-rtx) codec in an m-section of this kind. */
    /**
     * True for Opus RED ({@code red/48000/2}) whose fmtp names only {@code primaryPayloadType} as its encodings
     * (e.g. {@code 111/111}), the form browsers offer (RFC 2198, RFC 8866 fmtp).
     */
    public static boolean isOpusRedFor(RtpCodec codec, int primaryPayloadType) {
        if (!codec.nameIs("red") || codec.clockRateHz() != 48000 || codec.channels() != 2) {
            return false;
        }
        String fmtp = codec.fmtpLine();
        if (fmtp == null || fmtp.isEmpty()) {
            return false;
        }
        for (String pt : fmtp.split("/")) {
            if (!pt.trim().equals(Integer.toString(primaryPayloadType))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isSupported(MediaKind kind, RtpCodec codec) {
        return switch (kind) {
            case AUDIO -> codec.nameIs("opus") && codec.clockRateHz() == 48000 && codec.channels() == 2;
            case VIDEO -> codec.clockRateHz() == 90000 && codec.channels() == 1 && isSupportedVideo(codec);
            case APPLICATION -> false;
        };
    }

    private static boolean isSupportedVideo(RtpCodec codec) {
        if (codec.nameIs("VP8")) {
            return true;
        }
        if (codec.nameIs("VP9")) {
            // The payload descriptor (and so layer switching) is the same for every profile; 1 and 3 (4:4:4) are
            // left out because browsers neither send nor decode them in WebRTC.
            return codec.fmtpValue("profile-id").map(p -> p.equals("0") || p.equals("2")).orElse(true);
        }
        if (codec.nameIs("AV1")) {
            return codec.fmtpValue("profile").map("0"::equals).orElse(true);
        }
        if (codec.nameIs("H264")) {
            return isForwardableH264(codec);
        }
        return false;
    }

    /**
     * H264 with packetization-mode=1 (FU-A and STAP-A, what WebRTC uses) in a profile browsers encode: Baseline
     * (constrained or not), Main or High (RFC 6184 section 8.1; an absent profile-level-id means Baseline 42000A).
     * Forwarding does not depend on the profile: keyframes are found from the NAL unit types.
     */
    static boolean isForwardableH264(RtpCodec codec) {
        boolean mode1 = codec.fmtpValue("packetization-mode").map("1"::equals).orElse(false);
        Optional<String> text = codec.fmtpValue("profile-level-id");
        if (text.isEmpty()) return mode1;
        return mode1 && text.flatMap(H264ProfileLevelId::parse).map(H264ProfileLevelId::isForwardedProfile).orElse(false);
    }

    /** H264 with packetization-mode=1 and profile-level-id whose profile is Constrained Baseline (RFC 6184). */
    static boolean isConstrainedBaselineMode1(RtpCodec codec) {
        boolean mode1 = codec.fmtpValue("packetization-mode").map("1"::equals).orElse(false);
        // An absent profile-level-id means 42000A (Baseline, not constrained; RFC 6184 section 8.1).
        Optional<H264ProfileLevelId> profile = codec.fmtpValue("profile-level-id").flatMap(H264ProfileLevelId::parse);
        return mode1 && profile.map(H264ProfileLevelId::isConstrainedBaseline).orElse(false);
    }

    /**
     * The payload type every subscriber sees for this codec.
     *
     * @throws IllegalArgumentException for a codec this server does not forward
     */
    public static int canonicalPayloadType(RtpCodec codec) {
        if (codec.nameIs("opus")) {
            return OPUS_PT;
        }
        if (codec.nameIs("red")) {
            return RED_PT;
        }
        if (codec.nameIs("VP8")) {
            return VP8_PT;
        }
        if (codec.nameIs("VP9")) {
            return codec.fmtpValue("profile-id").map("2"::equals).orElse(false) ? VP9_PROFILE2_PT : VP9_PT;
        }
        if (codec.nameIs("H264")) {
            return h264PayloadType(codec);
        }
        if (codec.nameIs("AV1")) {
            return AV1_PT;
        }
        throw new IllegalArgumentException("no canonical payload type for " + codec.describe());
    }

    private static int h264PayloadType(RtpCodec codec) {
        if (isConstrainedBaselineMode1(codec)) return H264_PT;
        int profile = codec.fmtpValue("profile-level-id").flatMap(H264ProfileLevelId::parse)
                .map(H264ProfileLevelId::profileIdc).orElse(H264ProfileLevelId.PROFILE_BASELINE);
        return switch (profile) {
            case H264ProfileLevelId.PROFILE_MAIN -> H264_MAIN_PT;
            case H264ProfileLevelId.PROFILE_HIGH -> H264_HIGH_PT;
            default -> H264_BASELINE_PT;
        };
    }

    /** The RTX payload type subscribers see for a canonical video payload type (RFC 4588 section 8). */
    public static int canonicalRtxPayloadType(int canonicalPayloadType) {
        return switch (canonicalPayloadType) {
            case VP8_PT -> VP8_RTX_PT;
            case VP9_PT -> VP9_RTX_PT;
            case VP9_PROFILE2_PT, H264_BASELINE_PT, H264_MAIN_PT, H264_HIGH_PT -> canonicalPayloadType + 1;
            case H264_PT -> H264_RTX_PT;
            case AV1_PT -> AV1_RTX_PT;
            default -> throw new IllegalArgumentException("no RTX for payload type " + canonicalPayloadType);
        };
    }

    /** The RTCP feedback a subscriber offer lists: video {@code ccm fir}, {@code nack pli}, {@code transport-cc}; audio {@code transport-cc}. */
    public static List<RtcpFeedback> subscriberFeedback(MediaKind kind) {
        return kind == MediaKind.VIDEO
                ? List.of(RtcpFeedback.CCM_FIR, RtcpFeedback.NACK, RtcpFeedback.NACK_PLI, RtcpFeedback.TRANSPORT_CC)
                : List.of(RtcpFeedback.TRANSPORT_CC);
    }
}

package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The codecs of one offered m-section that this server accepts from a publisher, with the offer's payload types.
 *
 * @param codecs all accepted payload types in m-line order, rtx included, feedback reduced to what we accept
 * @param mediaCodecs the accepted non-rtx codecs in the publisher's order of preference
 * @param rtxPayloadTypes associated (media) payload type to its rtx payload type
 */
record AcceptedCodecs(List<RtpCodec> codecs, List<RtpCodec> mediaCodecs, Map<Integer, Integer> rtxPayloadTypes,
                      int redPayloadType) {

    AcceptedCodecs {
        codecs = List.copyOf(codecs);
        mediaCodecs = List.copyOf(mediaCodecs);
        rtxPayloadTypes = Collections.unmodifiableMap(new LinkedHashMap<>(rtxPayloadTypes));
    }

    /**
     * Accepts every codec of the offer that the server forwards, one per variant subscribers can tell apart (its
     * canonical payload type, {@link CodecTable#canonicalPayloadType}), in the publisher's order, with the rtx whose
     * apt names each with the same clock rate. The publisher sends the first; the others let it switch without the
     * subscribers' sections changing (the server asks it to, {@code publish-codec}, when a subscriber decodes only
     * another one). Among H264 variants Constrained Baseline goes first when the offer has it: every WebRTC endpoint
     * decodes that profile, while Main or High leave out subscribers without those decoders. Codecs (and RED) that
     * {@code policy} refuses are left out.
     */
    static AcceptedCodecs from(MediaSection offered, CodecPolicy policy) {
        Set<Integer> acceptedMedia = new HashSet<>();
        Set<Integer> canonical = new HashSet<>();
        Map<Integer, Integer> clockByPt = new HashMap<>();
        RtpCodec constrainedBaseline = firstConstrainedBaseline(offered);
        for (RtpCodec candidate : offered.codecs()) {
            if (candidate.isRtx() || !CodecTable.isSupported(offered.kind(), candidate) || !policy.accepts(candidate)) {
                continue;
            }
            if (!canonical.add(CodecTable.canonicalPayloadType(candidate))) continue; // a variant already taken
            acceptedMedia.add(candidate.payloadType());
            clockByPt.put(candidate.payloadType(), candidate.clockRateHz());
        }
        // Opus RED over the accepted Opus (RFC 2198): listed first in the answer, so the browser sends it; the
        // server passes it through to subscribers that accept it and strips it to Opus for the others.
        RtpCodec red = null;
        if (offered.kind() == MediaKind.AUDIO && acceptedMedia.size() == 1 && policy.allowsRed()) {
            int opus = acceptedMedia.iterator().next();
            for (RtpCodec codec : offered.codecs()) {
                if (red == null && CodecTable.isOpusRedFor(codec, opus)) {
                    red = codec.withRtcpFeedback(List.of());
                }
            }
        }
        // The accepted media codecs in the offer's order, H264 Constrained Baseline moved ahead of the other H264
        // variants (to the first H264's place).
        List<RtpCodec> mediaOrder = new ArrayList<>();
        for (RtpCodec codec : offered.codecs()) {
            if (!codec.isRtx() && acceptedMedia.contains(codec.payloadType())) mediaOrder.add(codec);
        }
        int firstH264 = 0;
        while (firstH264 < mediaOrder.size() && !mediaOrder.get(firstH264).nameIs("H264")) firstH264++;
        if (constrainedBaseline != null && firstH264 < mediaOrder.size()
                && !mediaOrder.get(firstH264).equals(constrainedBaseline) && mediaOrder.remove(constrainedBaseline)) {
            mediaOrder.add(firstH264, constrainedBaseline);
        }
        List<RtpCodec> codecs = new ArrayList<>();
        if (red != null) {
            codecs.add(red);
        }
        List<RtpCodec> media = new ArrayList<>();
        Map<Integer, Integer> rtx = new LinkedHashMap<>();
        for (RtpCodec codec : mediaOrder) {
            RtpCodec accepted = codec.withRtcpFeedback(acceptedFeedback(codec, offered.wildcardRtcpFeedback()));
            codecs.add(accepted);
            media.add(accepted);
            for (RtpCodec repair : offered.codecs()) {
                OptionalInt apt = repair.aptPayloadType();
                if (!repair.isRtx() || apt.isEmpty() || apt.getAsInt() != codec.payloadType()
                        || clockByPt.get(apt.getAsInt()) != repair.clockRateHz() || rtx.containsKey(apt.getAsInt())) {
                    continue;
                }
                rtx.put(apt.getAsInt(), repair.payloadType());
                codecs.add(repair.withRtcpFeedback(List.of())); // right after its codec, as browsers write it
            }
        }
        return new AcceptedCodecs(codecs, media, rtx, red == null ? 0 : red.payloadType());
    }

    /** The offer's first H264 Constrained Baseline with packetization-mode 1, or null. */
    private static RtpCodec firstConstrainedBaseline(MediaSection offered) {
        for (RtpCodec codec : offered.codecs()) {
            if (codec.nameIs("H264") && CodecTable.isConstrainedBaselineMode1(codec)) return codec;
        }
        return null;
    }

    /** The offered feedback (the codec's own and a=rtcp-fb:*) that is in {@link CodecTable#PUBLISHER_FEEDBACK}, in offered order. */
    private static List<RtcpFeedback> acceptedFeedback(RtpCodec codec, List<RtcpFeedback> wildcard) {
        List<RtcpFeedback> offered = new ArrayList<>(codec.rtcpFeedback());
        offered.addAll(wildcard);
        List<RtcpFeedback> out = new ArrayList<>();
        for (RtcpFeedback fb : offered) {
            for (RtcpFeedback known : CodecTable.PUBLISHER_FEEDBACK) {
                if (fb.sameAs(known) && out.stream().noneMatch(f -> f.sameAs(known))) {
                    out.add(known);
                }
            }
        }
        return out;
    }
}

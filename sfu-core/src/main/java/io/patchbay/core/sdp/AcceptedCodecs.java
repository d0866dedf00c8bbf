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
     * Accepts the publisher's preferred supported codec (the first it offered that the server forwards) and the rtx
     * whose apt names it with the same clock rate. When that codec is H264, the publisher's first Constrained Baseline
     * variant is taken instead if it offers one: every WebRTC endpoint decodes that profile, while Main or High
     * (taken when nothing else is offered) leave out subscribers without those decoders (they are told,
     * {@code codec-not-supported}).
     */
    static AcceptedCodecs from(MediaSection offered) {
        Set<Integer> acceptedMedia = new HashSet<>();
        Map<Integer, Integer> clockByPt = new HashMap<>();
        for (RtpCodec candidate : offered.codecs()) {
            if (candidate.isRtx() || !CodecTable.isSupported(offered.kind(), candidate)) {
                continue;
            }
            RtpCodec codec = candidate.nameIs("H264") ? constrainedBaselineIfOffered(offered, candidate) : candidate;
            acceptedMedia.add(codec.payloadType());
            clockByPt.put(codec.payloadType(), codec.clockRateHz());
            // One codec per track: subscribers are offered exactly the codec the publisher sends, so the answer
            // must not allow the publisher to switch to another one (multi-codec forwarding is a later issue).
            break;
        }
        // Opus RED over the accepted Opus (RFC 2198): listed first in the answer, so the browser sends it; the
        // server passes it through to subscribers that accept it and strips it to Opus for the others.
        RtpCodec red = null;
        if (offered.kind() == MediaKind.AUDIO && acceptedMedia.size() == 1) {
            int opus = acceptedMedia.iterator().next();
            for (RtpCodec codec : offered.codecs()) {
                if (red == null && CodecTable.isOpusRedFor(codec, opus)) {
                    red = codec.withRtcpFeedback(List.of());
                }
            }
        }
        List<RtpCodec> codecs = new ArrayList<>();
        if (red != null) {
            codecs.add(red);
        }
        List<RtpCodec> media = new ArrayList<>();
        Map<Integer, Integer> rtx = new LinkedHashMap<>();
        for (RtpCodec codec : offered.codecs()) {
            if (codec.isRtx()) {
                OptionalInt apt = codec.aptPayloadType();
                if (apt.isEmpty() || !acceptedMedia.contains(apt.getAsInt())
                        || clockByPt.get(apt.getAsInt()) != codec.clockRateHz() || rtx.containsKey(apt.getAsInt())) {
                    continue;
                }
                rtx.put(apt.getAsInt(), codec.payloadType());
                codecs.add(codec.withRtcpFeedback(List.of()));
            } else if (acceptedMedia.contains(codec.payloadType())) {
                RtpCodec accepted = codec.withRtcpFeedback(acceptedFeedback(codec, offered.wildcardRtcpFeedback()));
                codecs.add(accepted);
                media.add(accepted);
            }
        }
        return new AcceptedCodecs(codecs, media, rtx, red == null ? 0 : red.payloadType());
    }

    private static RtpCodec constrainedBaselineIfOffered(MediaSection offered, RtpCodec firstH264) {
        if (CodecTable.isConstrainedBaselineMode1(firstH264)) return firstH264;
        for (RtpCodec codec : offered.codecs()) {
            if (codec.nameIs("H264") && CodecTable.isConstrainedBaselineMode1(codec)) return codec;
        }
        return firstH264;
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

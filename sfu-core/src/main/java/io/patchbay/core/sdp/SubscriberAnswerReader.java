package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a subscriber's answer to an offer from {@link SubscriberOfferBuilder} (RFC 8829 section 5.10).
 * Pure function, any thread.
 */
final class SubscriberAnswerReader {
    private SubscriberAnswerReader() {
    }

    static SubscriberAnswer read(SessionDescription offer, SessionDescription answer) throws SdpNegotiationException {
        List<MediaSection> offered = offer.media();
        List<MediaSection> answered = answer.media();
        if (offered.size() != answered.size()) {
            throw new SdpNegotiationException(SdpNegotiationError.MISMATCH,
                    "the answer has " + answered.size() + " m-sections; the offer has " + offered.size());
        }
        List<MediaSection> open = new ArrayList<>();
        Set<String> accepted = new LinkedHashSet<>();
        Set<String> red = new LinkedHashSet<>();
        Set<String> undecodable = new LinkedHashSet<>();
        Map<String, Set<Integer>> decodablePts = new LinkedHashMap<>();
        for (int i = 0; i < offered.size(); i++) {
            MediaSection o = offered.get(i);
            MediaSection a = answered.get(i);
            if (o.mid().isEmpty() || !o.mid().equals(a.mid()) || a.kind() != o.kind()) {
                throw new SdpNegotiationException(SdpNegotiationError.MISMATCH, "m-section " + i + " of the answer has mid "
                        + a.mid().orElse("(none)") + " and kind " + a.kind().token() + "; the offer has "
                        + o.mid().orElse("(none)") + " and " + o.kind().token());
            }
            if (!o.isActive()) {
                continue;
            }
            List<RtpCodec> media = mediaCodecs(o);
            Set<Integer> kept = new LinkedHashSet<>();
            if (a.port() != 0) {
                for (RtpCodec c : media) if (keeps(a, c)) kept.add(c.payloadType());
            }
            boolean decodable = a.port() != 0 && (media.isEmpty() || !kept.isEmpty());
            if (!decodable && !media.isEmpty()) undecodable.add(o.mid().orElseThrow());
            if (a.port() == 0) {
                continue;
            }
            open.add(a); // part of the transport even when nothing will be sent on it
            if (!decodable) {
                continue;
            }
            if (a.direction().receives()) {
                accepted.add(a.mid().orElseThrow());
                decodablePts.put(a.mid().orElseThrow(), kept);
                if (a.codec(CodecTable.RED_PT).filter(c -> c.nameIs("red")).isPresent()) {
                    red.add(a.mid().orElseThrow());
                }
            }
        }
        if (open.isEmpty()) {
            return new SubscriberAnswer(Optional.empty(), accepted, red, undecodable, decodablePts);
        }
        List<String> bundle = answer.bundleMids();
        for (MediaSection section : open) {
            if (!section.mid().map(bundle::contains).orElse(false)) {
                throw new SdpNegotiationException(SdpNegotiationError.NO_BUNDLE,
                        "m-section mid " + section.mid().orElse("(none)") + " is open but not in the answer's BUNDLE group");
            }
            if (!section.rtcpMux()) {
                throw new SdpNegotiationException(SdpNegotiationError.NO_RTCP_MUX,
                        "m-section mid " + section.mid().orElse("(none)") + " lacks a=rtcp-mux (RFC 5761)");
            }
        }
        MediaSection transport = answer.section(bundle.get(0))
                .filter(open::contains)
                .orElse(open.get(0));
        Optional<SetupRole> setup = transport.setup();
        if (setup.isEmpty() || (setup.get() != SetupRole.ACTIVE && setup.get() != SetupRole.PASSIVE)) {
            throw new SdpNegotiationException(SdpNegotiationError.BAD_SETUP,
                    "an answer must have a=setup:active or a=setup:passive (RFC 8842 section 5.3), got "
                            + setup.map(SetupRole::token).orElse("none"));
        }
        return new SubscriberAnswer(Optional.of(RemoteTransport.of(transport, setup.get())), accepted, red,
                undecodable, decodablePts);
    }

    /** The codecs the offer may send a track in: those that are not a retransmission or redundancy format. */
    private static List<RtpCodec> mediaCodecs(MediaSection offered) {
        return offered.codecs().stream()
                .filter(c -> !c.isRtx() && !c.nameIs("red") && !c.nameIs("ulpfec") && !c.nameIs("flexfec-03"))
                .toList();
    }

    /**
     * Whether the answer keeps the offered codec (RFC 8829 5.3.1: it may only list offered payload types). For H264
     * the answer's profile-level-id is the highest level the subscriber decodes (RFC 6184 section 8.2.2, with or
     * without level-asymmetry-allowed): a lower one than the track's (the publisher's, which bounds what it sends)
     * means this subscriber cannot decode the track in H264 whatever it lists.
     */
    private static boolean keeps(MediaSection answered, RtpCodec codec) {
        return answered.codec(codec.payloadType())
                .filter(c -> c.nameIs(codec.name()) && c.clockRateHz() == codec.clockRateHz())
                .filter(c -> !codec.nameIs("H264") || h264LevelFits(codec, c))
                .isPresent();
    }

    /**
     * The track's profile-level-id (absent: 42000A, Baseline level 1, RFC 6184 section 8.1) against the answer's
     * (absent: 42E01F, Constrained Baseline level 3.1, what libwebrtc assumes of a peer that names none, so such
     * answers keep working as they did).
     */
    private static boolean h264LevelFits(RtpCodec offered, RtpCodec answered) {
        H264ProfileLevelId sent = profileLevel(offered, "42000a");
        H264ProfileLevelId declared = profileLevel(answered, "42e01f");
        return sent != null && declared != null && declared.decodes(sent);
    }

    private static H264ProfileLevelId profileLevel(RtpCodec codec, String absent) {
        return codec.fmtpValue("profile-level-id").map(H264ProfileLevelId::parse)
                .orElse(H264ProfileLevelId.parse(absent)).orElse(null);
    }
}

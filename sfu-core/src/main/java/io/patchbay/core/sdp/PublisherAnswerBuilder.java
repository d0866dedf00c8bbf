package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Answers a publisher's offer (RFC 8829 section 5.3): the server only receives on this peer connection.
 * Pure function, any thread.
 *
 * <p>The answer keeps every m-section in order with its mid. An audio or video section is accepted when it is
 * in use, uses secure RTP, and offers a codec from {@link CodecTable}; it gets port 9, our ICE credentials and
 * fingerprint, {@code a=setup:passive}, recvonly (inactive when the publisher does not send), rtcp-mux,
 * rtcp-rsize if offered, the accepted codecs with the offer's payload types and feedback reduced to
 * {@link CodecTable#PUBLISHER_FEEDBACK}, the supported extensions with the offer's ids, and for simulcast video
 * {@code a=rid:<id> recv} and {@code a=simulcast:recv} for the accepted rids ({@link RidSimulcast}). Other sections,
 * data channels included for now, are rejected with port 0, and so are sending sections over
 * the caller's track limit. Accepted sections must all be in the offer's
 * BUNDLE group and use rtcp-mux: this server runs one transport per peer connection.
 */
final class PublisherAnswerBuilder {
    private PublisherAnswerBuilder() {
    }

    static PublisherNegotiation answer(SessionDescription offer, LocalTransport local, long sessionId, long sessionVersion,
                                       int maxTracks, Set<String> publishedMids, CodecPolicy policy)
            throws SdpNegotiationException {
        List<MediaSection> offered = offer.media();
        if (offered.stream().noneMatch(m -> m.kind().isRtp() && m.isActive())) {
            throw new SdpNegotiationException(SdpNegotiationError.NO_MEDIA, "the offer has no audio or video m-section in use");
        }
        List<AcceptedCodecs> accepted = new ArrayList<>(offered.size());
        boolean anyUsable = false;
        for (MediaSection section : offered) {
            AcceptedCodecs codecs = isUsable(section) ? AcceptedCodecs.from(section, policy) : null;
            if (codecs != null && codecs.mediaCodecs().isEmpty()) {
                codecs = null;
            }
            accepted.add(codecs);
        }
        List<String> refusedMids = refuseOverLimit(offered, accepted, maxTracks, publishedMids);
        for (AcceptedCodecs codecs : accepted) {
            anyUsable |= codecs != null;
        }
        if (!anyUsable) {
            throw new SdpNegotiationException(SdpNegotiationError.NO_SUPPORTED_CODEC,
                    "no audio or video m-section offers a codec this server supports (" + policy.describeAccepted() + ")");
        }
        List<String> offerBundle = offer.bundleMids();
        for (int i = 0; i < offered.size(); i++) {
            if (accepted.get(i) != null) {
                checkTransport(offered.get(i), offerBundle);
            }
        }
        List<String> answerBundle = new ArrayList<>();
        for (String mid : offerBundle) {
            for (int i = 0; i < offered.size(); i++) {
                if (accepted.get(i) != null && offered.get(i).mid().filter(mid::equals).isPresent()) {
                    answerBundle.add(mid);
                }
            }
        }
        MediaSection transportSection = offer.section(answerBundle.get(0)).orElseThrow();
        RemoteTransport remote = RemoteTransport.of(transportSection, transportSection.setup().orElse(SetupRole.ACTIVE));

        List<MediaSection> answerMedia = new ArrayList<>(offered.size());
        List<PublishedTrack> tracks = new ArrayList<>();
        boolean extmapAllowMixed = offer.extmapAllowMixed();
        for (int i = 0; i < offered.size(); i++) {
            MediaSection section = offered.get(i);
            AcceptedCodecs codecs = accepted.get(i);
            if (codecs == null) {
                answerMedia.add(rejected(section));
                continue;
            }
            extmapAllowMixed |= section.extmapAllowMixed();
            List<HeaderExtension> extensions = acceptedExtensions(section, codecs.mediaCodecs().get(0));
            List<String> rids = section.direction().sends() ? RidSimulcast.acceptedRids(section, extensions) : List.of();
            answerMedia.add(RidSimulcast.answer(local.applyTo(MediaSection.builder(section.kind()), SetupRole.PASSIVE), rids)
                    .protocol(section.protocol())
                    .mid(section.mid().orElseThrow())
                    .direction(section.direction().answeredByReceiveOnly())
                    .rtcpRsize(section.rtcpRsize())
                    .codecs(codecs.codecs())
                    .extensions(extensions)
                    .build());
            if (section.direction().sends()) {
                tracks.add(PublisherTrackReader.read(section, codecs, extensions, rids));
            }
        }
        SessionDescription answer = ServerSdp.session(sessionId, sessionVersion, answerBundle, extmapAllowMixed)
                .media(answerMedia)
                .build();
        return new PublisherNegotiation(answer, tracks, remote, refusedMids);
    }

    /**
     * Keeps at most {@code maxTracks} accepted sections the publisher sends on (published mids first, then the
     * others in order) and marks the rest as rejected in {@code accepted}; returns their mids.
     */
    private static List<String> refuseOverLimit(List<MediaSection> offered, List<AcceptedCodecs> accepted, int maxTracks,
                                                Set<String> publishedMids) {
        List<Integer> sending = new ArrayList<>();
        for (int i = 0; i < offered.size(); i++) {
            if (accepted.get(i) != null && offered.get(i).direction().sends()) sending.add(i);
        }
        if (sending.size() <= maxTracks) return List.of();
        List<Integer> byPriority = new ArrayList<>();
        for (int i : sending) if (isPublished(offered.get(i), publishedMids)) byPriority.add(i);
        for (int i : sending) if (!isPublished(offered.get(i), publishedMids)) byPriority.add(i);
        List<String> refused = new ArrayList<>();
        for (int i : byPriority.subList(maxTracks, byPriority.size()).stream().sorted().toList()) {
            accepted.set(i, null);
            refused.add(offered.get(i).mid().orElse(""));
        }
        return refused;
    }

    private static boolean isPublished(MediaSection section, Set<String> publishedMids) {
        return section.mid().filter(publishedMids::contains).isPresent();
    }

    /** An audio or video section in use whose protocol is secure RTP (SAVP or SAVPF, RFC 8829 section 5.1.2). */
    private static boolean isUsable(MediaSection section) {
        return section.kind().isRtp() && section.isActive() && section.isRtp()
                && section.protocol().toUpperCase(Locale.ROOT).contains("RTP/SAVP");
    }

    private static void checkTransport(MediaSection section, List<String> offerBundle) throws SdpNegotiationException {
        String where = section.mid().map(m -> "m-section mid " + m).orElse("a " + section.kind().token() + " m-section");
        if (section.iceUfrag().isEmpty() || section.icePwd().isEmpty()) {
            throw new SdpNegotiationException(SdpNegotiationError.MISSING_ICE, where + " has no ice-ufrag or ice-pwd");
        }
        if (section.fingerprint().isEmpty()) {
            throw new SdpNegotiationException(SdpNegotiationError.MISSING_FINGERPRINT, where + " has no a=fingerprint");
        }
        // An offerer must write actpass (RFC 8842 section 5.2); active also works with our passive.
        // Absent means active (RFC 4145 section 4).
        Optional<SetupRole> setup = section.setup();
        if (setup.isPresent() && setup.get() != SetupRole.ACTPASS && setup.get() != SetupRole.ACTIVE) {
            throw new SdpNegotiationException(SdpNegotiationError.BAD_SETUP,
                    where + " has a=setup:" + setup.get().token() + "; the server is always DTLS passive, so the offer must be actpass or active");
        }
        if (section.mid().isEmpty() || !offerBundle.contains(section.mid().get())) {
            throw new SdpNegotiationException(SdpNegotiationError.NO_BUNDLE,
                    where + " is not in the a=group:BUNDLE group; this server requires max-bundle (RFC 8843)");
        }
        if (!section.rtcpMux()) {
            throw new SdpNegotiationException(SdpNegotiationError.NO_RTCP_MUX, where + " lacks a=rtcp-mux (RFC 5761)");
        }
    }

    /**
     * Supported extensions with the offer's ids; an offered direction is narrowed to what we do (receive). The
     * Dependency Descriptor only with the codec that needs it ({@link RtpHeaderExtensions#usesDependencyDescriptor}).
     */
    private static List<HeaderExtension> acceptedExtensions(MediaSection section, RtpCodec codec) {
        List<HeaderExtension> out = new ArrayList<>();
        for (HeaderExtension offered : section.extensions()) {
            boolean dd = offered.uri().equals(RtpHeaderExtensions.DEPENDENCY_DESCRIPTOR);
            if (RtpHeaderExtensions.isSupported(offered.uri(), section.kind())
                    && (!dd || RtpHeaderExtensions.usesDependencyDescriptor(codec))) {
                out.add(new HeaderExtension(offered.id(), offered.direction().map(Direction::answeredByReceiveOnly),
                        offered.uri(), ""));
            }
        }
        return out;
    }

    /**
     * A rejected section (RFC 8829 section 5.3.1): port 0, the offer's protocol and first format, the mid, inactive.
     * A static payload type (RFC 3551) is a codec without an rtpmap line: it is part of the model too, as the parser
     * reads it, so that the answer written out parses back to itself (found by SdpOfferFuzzTest).
     */
    private static MediaSection rejected(MediaSection section) {
        String format = section.formats().get(0);
        MediaSection.Builder out = MediaSection.builder(section.kind())
                .port(0)
                .protocol(section.protocol())
                .formats(List.of(format))
                .connection(ServerSdp.NULL_CONNECTION)
                .direction(Direction.INACTIVE);
        // Only where the parser infers it: RTP protocols, whose formats are payload type numbers.
        if (section.isRtp() && format.chars().allMatch(c -> c >= '0' && c <= '9') && format.length() <= 3) {
            StaticPayloadTypes.lookup(Integer.parseInt(format)).ifPresent(codec -> out.codecs(List.of(codec)));
        }
        section.mid().ifPresent(out::mid);
        return out.build();
    }
}

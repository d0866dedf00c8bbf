package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the server's offer to a subscriber (RFC 8829 section 5.2): one sendonly m-section per forwarded track,
 * all bundled on one transport, with canonical payload types and extension ids so that one value means one
 * thing across the BUNDLE group (RFC 8843 section 9.1). Pure function, any thread.
 */
final class SubscriberOfferBuilder {
    private SubscriberOfferBuilder() {
    }

    /**
     * @throws IllegalArgumentException when two tracks share a mid or a track's codec is not in {@link CodecTable}
     */
    static SessionDescription offer(LocalTransport local, long sessionId, long sessionVersion, List<SubscribedTrack> tracks) {
        Set<String> mids = new HashSet<>();
        List<String> bundle = new ArrayList<>();
        List<MediaSection> media = new ArrayList<>(tracks.size());
        for (SubscribedTrack track : tracks) {
            if (!mids.add(track.mid())) {
                throw new IllegalArgumentException("two subscribed tracks share mid " + track.mid());
            }
            RtpCodec codec = canonical(track, track.codec());
            if (track.active()) {
                bundle.add(track.mid());
                media.add(active(local, track));
            } else if (media.isEmpty()) {
                // The first m-section is the BUNDLE tag (RFC 8843 7.2.1). Rejecting it would move the bundle to
                // another m-section's transport, which browsers set up as a new ICE/DTLS transport and media stops.
                bundle.add(track.mid());
                media.add(idleTag(local, track, codec));
            } else {
                media.add(ended(track, codec));
            }
        }
        return ServerSdp.session(sessionId, sessionVersion, bundle, true).media(media).build();
    }

    private static RtpCodec canonical(SubscribedTrack track, RtpCodec codec) {
        if (!CodecTable.isSupported(track.kind(), codec)) {
            throw new IllegalArgumentException("codec " + codec.describe() + " is not forwarded for " + track.kind());
        }
        return codec.withPayloadType(CodecTable.canonicalPayloadType(codec))
                .withRtcpFeedback(CodecTable.subscriberFeedback(track.kind()));
    }

    /**
     * Every codec of the track (the one sent now first), each followed by its RTX: the answer keeps those the
     * subscriber decodes, and the publisher may move between them without this section changing.
     */
    private static MediaSection active(LocalTransport local, SubscribedTrack track) {
        String msid = track.streamId() + " " + track.trackId();
        RtpCodec first = canonical(track, track.codec());
        List<RtpCodec> codecs = new ArrayList<>();
        if (track.red()) {
            // RFC 2198: RED first (the sender uses it), its blocks carrying the canonical Opus payload type.
            codecs.add(RtpCodec.of(CodecTable.RED_PT, "red", 48000, 2)
                    .withFmtp(java.util.Map.of(first.payloadType() + "/" + first.payloadType(), "")));
        }
        Set<Integer> written = new HashSet<>();
        for (RtpCodec publisherCodec : track.codecs()) {
            RtpCodec codec = canonical(track, publisherCodec);
            if (!written.add(codec.payloadType())) continue; // one section lists a payload type once
            codecs.add(codec);
            if (track.rtxSsrc() != 0) {
                // RFC 4588: retransmissions on their own SSRC and payload type, tied to the media SSRC by FID.
                int rtxPt = CodecTable.canonicalRtxPayloadType(codec.payloadType());
                codecs.add(RtpCodec.of(rtxPt, "rtx", codec.clockRateHz(), 1)
                        .withFmtp(java.util.Map.of("apt", Integer.toString(codec.payloadType()))));
            }
        }
        List<SsrcAttribute> ssrcs = new ArrayList<>(List.of(
                new SsrcAttribute(track.ssrc(), "cname", track.cname()),
                new SsrcAttribute(track.ssrc(), "msid", msid)));
        List<SsrcGroup> groups = new ArrayList<>();
        if (track.rtxSsrc() != 0) {
            groups.add(new SsrcGroup(SsrcGroup.FID, List.of(track.ssrc(), track.rtxSsrc())));
            ssrcs.add(new SsrcAttribute(track.rtxSsrc(), "cname", track.cname()));
            ssrcs.add(new SsrcAttribute(track.rtxSsrc(), "msid", msid));
        }
        return local.applyTo(MediaSection.builder(track.kind()), SetupRole.ACTPASS)
                .mid(track.mid())
                .direction(Direction.SENDONLY)
                .msids(List.of(new Msid(track.streamId(), track.trackId())))
                .rtcpRsize(true)
                .codecs(codecs)
                .extensions(RtpHeaderExtensions.forSubscriber(track.kind(), first))
                .ssrcGroups(groups)
                .ssrcs(ssrcs)
                .build();
    }

    /** The ended first track: kept in the BUNDLE group as an inactive section, so the bundle transport stays. */
    private static MediaSection idleTag(LocalTransport local, SubscribedTrack track, RtpCodec codec) {
        return local.applyTo(MediaSection.builder(track.kind()), SetupRole.ACTPASS)
                .mid(track.mid())
                .direction(Direction.INACTIVE)
                .rtcpRsize(true)
                .codecs(List.of(codec))
                .extensions(RtpHeaderExtensions.forSubscriber(track.kind(), codec))
                .build();
    }

    /** An ended track: port 0 and inactive, outside the BUNDLE group (RFC 8843 section 7.2.2); the mid stays. */
    private static MediaSection ended(SubscribedTrack track, RtpCodec codec) {
        return MediaSection.builder(track.kind())
                .port(0)
                .connection(ServerSdp.NULL_CONNECTION)
                .mid(track.mid())
                .direction(Direction.INACTIVE)
                .codecs(List.of(codec))
                .build();
    }
}

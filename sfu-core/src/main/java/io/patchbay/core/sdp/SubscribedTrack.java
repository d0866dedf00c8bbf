package io.patchbay.core.sdp;

import java.util.List;
import java.util.Objects;

/**
 * One m-section of a subscriber offer: a track the server forwards to the subscriber.
 *
 * @param mid assigned by the server ("0", "1", ...); a mid is never reused or reordered
 * @param kind audio or video
 * @param active false once the track has ended: its section stays, with port 0 and a=inactive
 * @param codecs the publisher's codecs (name, clock rate, channels, fmtp), the one it sends first: the subscriber's
 *        answer keeps those it decodes. The payload type written is {@link CodecTable#canonicalPayloadType(RtpCodec)}
 *        whatever each codec carries, and the feedback is the server's ({@link CodecTable#subscriberFeedback})
 * @param ssrc the SSRC the server sends this track with
 * @param cname the RTCP CNAME the server uses toward this subscriber
 * @param streamId the msid stream id: the publisher's participant id
 * @param trackId the msid track id
 * @param red offer Opus RED (RFC 2198) ahead of Opus: the publisher sends RED (audio only)
 * @param rtxSsrc the SSRC of retransmissions (RFC 4588, announced with {@code a=ssrc-group:FID}), or 0 for none;
 *        video only
 */
public record SubscribedTrack(String mid, MediaKind kind, boolean active, List<RtpCodec> codecs, long ssrc,
                              String cname, String streamId, String trackId, long rtxSsrc, boolean red) {

    /** A track in one codec. */
    public SubscribedTrack(String mid, MediaKind kind, boolean active, RtpCodec codec, long ssrc, String cname,
                           String streamId, String trackId, long rtxSsrc, boolean red) {
        this(mid, kind, active, List.of(codec), ssrc, cname, streamId, trackId, rtxSsrc, red);
    }

    /** A track without retransmission. */
    public SubscribedTrack(String mid, MediaKind kind, boolean active, RtpCodec codec, long ssrc, String cname,
                           String streamId, String trackId) {
        this(mid, kind, active, codec, ssrc, cname, streamId, trackId, 0, false);
    }

    /** A track with an RTX SSRC (video) or 0, without RED. */
    public SubscribedTrack(String mid, MediaKind kind, boolean active, RtpCodec codec, long ssrc, String cname,
                           String streamId, String trackId, long rtxSsrc) {
        this(mid, kind, active, codec, ssrc, cname, streamId, trackId, rtxSsrc, false);
    }

    public SubscribedTrack {
        if (red && kind != MediaKind.AUDIO) {
            throw new IllegalArgumentException("RED is offered for audio only");
        }
        if (rtxSsrc < 0 || rtxSsrc > SsrcAttribute.MAX_SSRC || (rtxSsrc != 0 && (rtxSsrc == ssrc || kind != MediaKind.VIDEO))) {
            throw new IllegalArgumentException("rtx ssrc must be a distinct video SSRC or 0");
        }
        Objects.requireNonNull(kind, "kind");
        codecs = List.copyOf(codecs);
        if (codecs.isEmpty()) throw new IllegalArgumentException("a subscribed track needs a codec");
        if (!SdpSyntax.isToken(mid) || mid.length() > 16) {
            throw new IllegalArgumentException("mid must be a token of at most 16 characters (it travels in RTP)");
        }
        if (!kind.isRtp()) {
            throw new IllegalArgumentException("a subscribed track is audio or video");
        }
        if (ssrc < 0 || ssrc > SsrcAttribute.MAX_SSRC) {
            throw new IllegalArgumentException("ssrc out of range: " + ssrc);
        }
        if (!SdpSyntax.isVisibleAscii(cname)) {
            throw new IllegalArgumentException("cname must be visible ASCII without spaces");
        }
        new Msid(streamId, trackId); // validates both ids
        if (trackId.isEmpty()) {
            throw new IllegalArgumentException("trackId is required");
        }
    }

    /** The codec the publisher sends first. */
    public RtpCodec codec() {
        return codecs.get(0);
    }
}

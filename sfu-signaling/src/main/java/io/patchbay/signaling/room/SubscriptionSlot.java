package io.patchbay.signaling.room;

import io.patchbay.core.room.ParticipantId;
import io.patchbay.core.room.TrackId;
import io.patchbay.core.room.TrackKind;
import io.patchbay.core.sdp.RtpCodec;

/**
 * One m-section of a participant's subscriber connection: a remote track it receives. Sections are never removed or
 * reordered (Unified Plan). When the track ends the slot becomes inactive (port 0 in the next offer); once an answer
 * to such an offer arrived it is {@link #recyclable} and the next new track takes its place in the m-line order
 * with a new mid (RFC 8829 section 5.2.2), so the description stays as long as the number of tracks live at once.
 */
final class SubscriptionSlot {
    final String mid;
    final TrackId trackId;
    final ParticipantId publisherId;
    final TrackKind kind;
    /** The track's codecs as offered (canonical payload types), the one its publisher sends first. */
    final java.util.List<RtpCodec> codecs;
    final long ssrc;
    /** RTX SSRC for video (RFC 4588), 0 for audio. */
    final long rtxSsrc;
    /** Offer Opus RED ahead of Opus (the publisher sends RED). */
    final boolean red;
    boolean active = true;
    boolean consumerCreated;
    /** Inactive in an offer that the subscriber has answered: its m-line may carry a new track. */
    boolean recyclable;
    /** The subscriber's answer refused this track's codec and it has been told (once per slot). */
    boolean undecodableReported;
    /**
     * The canonical payload types of {@link #codecs} the subscriber's answer kept (empty: none), or null before an
     * answer: what the room's codec choice for the track must serve.
     */
    java.util.Set<Integer> decodable;
    /** The codec (canonical payload type) it was last told it gets nothing of ({@code codec-not-sent}), or -1. */
    int notSentReported = -1;

    SubscriptionSlot(String mid, TrackId trackId, ParticipantId publisherId, TrackKind kind,
                     java.util.List<RtpCodec> codecs, long ssrc, long rtxSsrc, boolean red) {
        this.mid = mid;
        this.trackId = trackId;
        this.publisherId = publisherId;
        this.kind = kind;
        this.codecs = java.util.List.copyOf(codecs);
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.red = red;
    }
}

package io.patchbay.core.sdp;

import java.util.List;

/** The subscriber offer Chromium answered in the captured chrome-subscriber-answer fixtures. */
public final class SubscriberFixtures {
    static final RtpCodec FIREFOX_OPUS = new RtpCodec(109, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of());
    static final RtpCodec FIREFOX_VP8 = RtpCodec.of(120, "VP8", 90000, 1);
    static final RtpCodec FIREFOX_H264 = new RtpCodec(126, "H264", 90000, 1,
            "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", List.of());

    private SubscriberFixtures() {
    }

    /** Three tracks: alice's audio (mid 0) and video (mid 1), bob's video (mid 2); {@code videoEnded} ends mid 1. */
    static List<SubscribedTrack> tracks(boolean videoEnded) {
        return List.of(
                new SubscribedTrack("0", MediaKind.AUDIO, true, FIREFOX_OPUS, 1111, "srvcname", "alice", "a-audio"),
                new SubscribedTrack("1", MediaKind.VIDEO, !videoEnded, FIREFOX_VP8, 2222, "srvcname", "alice", "a-video"),
                new SubscribedTrack("2", MediaKind.VIDEO, true, FIREFOX_H264, 3333, "srvcname", "bob", "b-video"));
    }

    public static SessionDescription offer(boolean videoEnded) {
        return SdpNegotiator.buildSubscriberOffer(SdpFixtures.LOCAL, 42, videoEnded ? 2 : 1, tracks(videoEnded));
    }
}

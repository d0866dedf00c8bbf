package io.patchbay.signaling.room;

import io.patchbay.core.room.TrackInfo;
import io.patchbay.core.sdp.RtpCodec;

/**
 * A track a participant publishes: what others see ({@link TrackInfo}), the publisher-side m-section it arrives in,
 * and the codec subscribers receive (with the server's canonical payload type).
 */
final class PublishedTrack {
    final String publisherMid;
    final RtpCodec subscriberCodec;
    /** The publisher sends Opus RED; subscribers are offered RED too. */
    final boolean red;
    TrackInfo info;
    /** The producer as created on this node's router (for a remote track: on the relay from its node). */
    io.patchbay.media.forward.ProducerSpec spec;
    /** The simulcast layers last reported to the publisher in {@code layers-wanted} (initially all of them). */
    java.util.List<String> wantedRids;

    PublishedTrack(TrackInfo info, String publisherMid, RtpCodec subscriberCodec, boolean red) {
        this.info = info;
        this.publisherMid = publisherMid;
        this.subscriberCodec = subscriberCodec;
        this.red = red;
        this.wantedRids = info.layers();
    }
}

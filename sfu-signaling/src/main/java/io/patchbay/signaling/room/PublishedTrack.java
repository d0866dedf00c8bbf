package io.patchbay.signaling.room;

import io.patchbay.core.room.TrackInfo;
import io.patchbay.core.sdp.RtpCodec;

/**
 * A track a participant publishes: what others see ({@link TrackInfo}), the publisher-side m-section it arrives in,
 * and the codecs subscribers are offered (with the server's canonical payload types, in the publisher's order).
 */
final class PublishedTrack {
    final String publisherMid;
    /** The codecs subscribers are offered for it; the publisher sends the first unless asked for another. */
    final java.util.List<RtpCodec> subscriberCodecs;
    /**
     * The codec the publisher was last asked to send ({@code publish-codec}), initially its first: the room's choice
     * among {@link #subscriberCodecs}, so that it is asked once per change.
     */
    RtpCodec chosenCodec;
    /** When the publisher was last asked to switch ({@code publish-codec}), epoch ms; 0: never. */
    long codecSwitchedAtMillis;
    /** The publisher sends Opus RED; subscribers are offered RED too. */
    final boolean red;
    TrackInfo info;
    /** The producer as created on this node's router (for a remote track: on the relay from its node). */
    io.patchbay.media.forward.ProducerSpec spec;
    /** The simulcast layers last reported to the publisher in {@code layers-wanted} (initially all of them). */
    java.util.List<String> wantedRids;

    PublishedTrack(TrackInfo info, String publisherMid, java.util.List<RtpCodec> subscriberCodecs, boolean red) {
        this.info = info;
        this.publisherMid = publisherMid;
        this.subscriberCodecs = java.util.List.copyOf(subscriberCodecs);
        this.chosenCodec = this.subscriberCodecs.get(0);
        this.red = red;
        this.wantedRids = info.layers();
    }
}

package io.patchbay.signaling.room;

import io.patchbay.core.room.TrackInfo;
import io.patchbay.core.sdp.RtpCodec;
import io.patchbay.media.forward.ProducerSpec;

/**
 * A published track as another node needs it to serve it: what participants see, the producer as negotiated with
 * its publisher (codecs, extension ids, layers), and the codecs its subscribers are offered (the one sent first).
 */
public record RelayableTrack(TrackInfo info, ProducerSpec spec, java.util.List<RtpCodec> subscriberCodecs, boolean red) {
    public RelayableTrack {
        subscriberCodecs = java.util.List.copyOf(subscriberCodecs);
        if (subscriberCodecs.isEmpty()) throw new IllegalArgumentException("a track has a codec");
    }
}

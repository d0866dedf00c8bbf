package io.patchbay.signaling.room;

import io.patchbay.core.room.TrackInfo;
import io.patchbay.core.sdp.RtpCodec;
import io.patchbay.media.forward.ProducerSpec;

/**
 * A published track as another node needs it to serve it: what participants see, the producer as negotiated with
 * its publisher (codecs, extension ids, layers), and the codec its subscribers are offered.
 */
public record RelayableTrack(TrackInfo info, ProducerSpec spec, RtpCodec subscriberCodec, boolean red) {
}

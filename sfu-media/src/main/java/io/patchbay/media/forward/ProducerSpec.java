package io.patchbay.media.forward;

import io.patchbay.core.room.TrackKind;
import java.util.List;

/**
 * An incoming track as negotiated with its publisher.
 *
 * @param trackId          the server's track id
 * @param mid              the m-section it arrives in (RFC 8843 BUNDLE demultiplexing by the mid extension)
 * @param codecs           accepted codecs, preferred first
 * @param rtxPayloadTypes  RTX payload types (RFC 4588), recognised and not forwarded until issue 3
 * @param ssrc             the media SSRC from the SDP, or 0 if the publisher did not signal one (learned by mid)
 * @param extensions       the publisher's header extension ids
 * @param pliSupported     the publisher negotiated {@code nack pli}; otherwise keyframes are requested with FIR
 */
public record ProducerSpec(
        String trackId,
        TrackKind kind,
        String mid,
        List<CodecMapping> codecs,
        List<Integer> rtxPayloadTypes,
        long ssrc,
        ExtensionIds extensions,
        boolean pliSupported) {
    public ProducerSpec {
        codecs = List.copyOf(codecs);
        rtxPayloadTypes = List.copyOf(rtxPayloadTypes);
        if (codecs.isEmpty()) throw new IllegalArgumentException("a producer needs at least one codec");
    }
}

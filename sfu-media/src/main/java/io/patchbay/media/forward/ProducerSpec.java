package io.patchbay.media.forward;

import io.patchbay.core.room.TrackKind;
import io.patchbay.core.room.TrackSource;
import java.util.List;

/**
 * An incoming track as negotiated with its publisher.
 *
 * @param trackId          the server's track id
 * @param mid              the m-section it arrives in (RFC 8843 BUNDLE demultiplexing by the mid extension)
 * @param codecs           accepted codecs, preferred first
 * @param rtxPayloadTypes  media payload type -> its RTX payload type (RFC 4588 {@code apt})
 * @param ssrc             the media SSRC from the SDP, or 0 if the publisher did not signal one (learned by mid)
 * @param rtxSsrc          the RTX SSRC from {@code a=ssrc-group:FID}, or 0 (learned by mid)
 * @param extensions       the publisher's header extension ids
 * @param pliSupported     the publisher negotiated {@code nack pli}; otherwise keyframes are requested with FIR
 * @param nackSupported    the publisher negotiated {@code nack}: the server NACKs what it misses
 * @param redPayloadType   the publisher's Opus RED payload type (RFC 2198), or 0; also listed in {@code codecs}
 * @param layers           simulcast encodings, lowest first (at most {@link #MAX_LAYERS}); empty without simulcast,
 *                         in which case {@code ssrc} and {@code rtxSsrc} describe the one stream
 * @param source           what the track captures: a screen share's video is served first and never left out by
 *                         last-N ({@link ActiveSpeakers})
 */
public record ProducerSpec(
        String trackId,
        TrackKind kind,
        String mid,
        List<CodecMapping> codecs,
        java.util.Map<Integer, Integer> rtxPayloadTypes,
        long ssrc,
        long rtxSsrc,
        ExtensionIds extensions,
        boolean pliSupported,
        boolean nackSupported,
        int redPayloadType,
        List<LayerSpec> layers,
        TrackSource source) {
    /** Most simulcast encodings per track: Chrome's q/h/f. */
    public static final int MAX_LAYERS = 3;

    /** A track of its kind's default source (camera video, microphone audio). */
    public ProducerSpec(String trackId, TrackKind kind, String mid, List<CodecMapping> codecs,
                        java.util.Map<Integer, Integer> rtxPayloadTypes, long ssrc, long rtxSsrc, ExtensionIds extensions,
                        boolean pliSupported, boolean nackSupported, int redPayloadType, List<LayerSpec> layers) {
        this(trackId, kind, mid, codecs, rtxPayloadTypes, ssrc, rtxSsrc, extensions, pliSupported, nackSupported,
                redPayloadType, layers, TrackSource.defaultFor(kind));
    }

    /** A track without simulcast, of its kind's default source. */
    public ProducerSpec(String trackId, TrackKind kind, String mid, List<CodecMapping> codecs,
                        java.util.Map<Integer, Integer> rtxPayloadTypes, long ssrc, long rtxSsrc, ExtensionIds extensions,
                        boolean pliSupported, boolean nackSupported, int redPayloadType) {
        this(trackId, kind, mid, codecs, rtxPayloadTypes, ssrc, rtxSsrc, extensions, pliSupported, nackSupported,
                redPayloadType, List.of());
    }

    public ProducerSpec {
        codecs = List.copyOf(codecs);
        layers = List.copyOf(layers);
        if (layers.size() > MAX_LAYERS) throw new IllegalArgumentException("at most " + MAX_LAYERS + " layers");
        if (!layers.isEmpty() && kind != TrackKind.VIDEO) throw new IllegalArgumentException("simulcast is video only");
        rtxPayloadTypes = java.util.Map.copyOf(rtxPayloadTypes);
        if (codecs.isEmpty()) throw new IllegalArgumentException("a producer needs at least one codec");
        if (!source.fits(kind)) throw new IllegalArgumentException(source + " is not a source of " + kind);
    }
}

package io.patchbay.core.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A track a publisher will send, as negotiated from one accepted audio or video m-section of its offer.
 *
 * @param mid the m-section's mid
 * @param kind audio or video
 * @param codecs accepted non-rtx codecs with the publisher's payload types, preferred first
 * @param rtxPayloadTypes media payload type to its rtx payload type
 * @param extensionIds the publisher's ids of the extensions we accepted
 * @param mediaSsrcs SSRCs of media streams from a=ssrc lines, in order of appearance, without the repair SSRCs of
 *        FID groups (more than one only with legacy SIM groups); empty when the publisher announces none (rid simulcast)
 * @param rtxSsrcs media SSRC to its rtx SSRC, from a=ssrc-group:FID
 * @param msid stream and track id, from a=msid or else from {@code a=ssrc:<ssrc> msid:}
 * @param cname the RTCP CNAME of the first media SSRC (RFC 5576 section 6.1)
 * @param rids the rid ids the publisher sends (RFC 8851), empty without simulcast
 * @param redPayloadType the publisher's Opus RED payload type (RFC 2198) when accepted (audio only), else 0
 * @param layers the simulcast encodings the answer accepted, lowest first (at most 3, video only): rid simulcast
 *        in the offer's a=simulcast order, or a=ssrc-group:SIM in group order; empty without simulcast
 */
public record PublishedTrack(String mid, MediaKind kind, List<RtpCodec> codecs, Map<Integer, Integer> rtxPayloadTypes,
                             HeaderExtensionIds extensionIds, List<Long> mediaSsrcs, Map<Long, Long> rtxSsrcs,
                             Optional<Msid> msid, Optional<String> cname, List<String> rids, int redPayloadType,
                             List<SimulcastLayer> layers) {
    public PublishedTrack {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(extensionIds, "extensionIds");
        Objects.requireNonNull(msid, "msid");
        Objects.requireNonNull(cname, "cname");
        codecs = List.copyOf(codecs);
        rtxPayloadTypes = Collections.unmodifiableMap(new LinkedHashMap<>(rtxPayloadTypes));
        mediaSsrcs = List.copyOf(mediaSsrcs);
        rtxSsrcs = Collections.unmodifiableMap(new LinkedHashMap<>(rtxSsrcs));
        rids = List.copyOf(rids);
        layers = List.copyOf(layers);
        if (layers.size() > RidSimulcast.MAX_LAYERS || !layers.isEmpty() && kind != MediaKind.VIDEO) {
            throw new IllegalArgumentException("at most " + RidSimulcast.MAX_LAYERS + " simulcast layers, video only");
        }
        if (codecs.isEmpty()) {
            throw new IllegalArgumentException("a published track has at least one codec");
        }
    }

    /** True when the publisher sends this track as several simulcast encodings. */
    public boolean isSimulcast() {
        return !layers.isEmpty();
    }

    /** The publisher's preferred codec. */
    public RtpCodec preferredCodec() {
        return codecs.get(0);
    }

    /** The first media SSRC. */
    public OptionalLong mediaSsrc() {
        return mediaSsrcs.isEmpty() ? OptionalLong.empty() : OptionalLong.of(mediaSsrcs.get(0));
    }

    /** The rtx SSRC paired with the first media SSRC. */
    public OptionalLong rtxSsrc() {
        if (mediaSsrcs.isEmpty() || !rtxSsrcs.containsKey(mediaSsrcs.get(0))) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(rtxSsrcs.get(mediaSsrcs.get(0)));
    }

    /** The rtx payload type for a media payload type. */
    public Optional<Integer> rtxPayloadTypeFor(int mediaPayloadType) {
        return Optional.ofNullable(rtxPayloadTypes.get(mediaPayloadType));
    }
}

package io.patchbay.media.forward;

/**
 * One subscriber's view of a producer, as written in the subscriber offer.
 *
 * @param producerTrackId the producer it consumes
 * @param ssrc            the SSRC the subscriber sees
 * @param mid             the subscriber-side m-section
 * @param cname           the RTCP CNAME announced with the SSRC
 * @param extensions      the subscriber's header extension ids
 * @param rtxSsrc         SSRC for RTX retransmissions (RFC 4588), or 0 to retransmit on the media SSRC
 * @param rtxPayloadType  the subscriber's RTX payload type, or 0
 * @param red             the subscriber accepted Opus RED; otherwise RED from the publisher is stripped to Opus
 * @param decodablePayloadTypes the output (canonical) payload types of the codecs the subscriber's answer kept;
 *                        packets in another codec are not sent to it. Empty: it decodes every codec of the producer
 * @param rtxPayloadTypes output payload type to the subscriber's RTX payload type for it (a track offered in several
 *                        codecs has an RTX format per codec); a codec missing here uses {@code rtxPayloadType}
 */
public record ConsumerSpec(String producerTrackId, long ssrc, String mid, String cname, ExtensionIds extensions,
                           long rtxSsrc, int rtxPayloadType, boolean red, java.util.Set<Integer> decodablePayloadTypes,
                           java.util.Map<Integer, Integer> rtxPayloadTypes) {
    /** A consumer without RTX or RED. */
    public ConsumerSpec(String producerTrackId, long ssrc, String mid, String cname, ExtensionIds extensions) {
        this(producerTrackId, ssrc, mid, cname, extensions, 0, 0, false);
    }

    /** A consumer that decodes every codec of the producer, with one RTX payload type. */
    public ConsumerSpec(String producerTrackId, long ssrc, String mid, String cname, ExtensionIds extensions,
                        long rtxSsrc, int rtxPayloadType, boolean red) {
        this(producerTrackId, ssrc, mid, cname, extensions, rtxSsrc, rtxPayloadType, red, java.util.Set.of(),
                java.util.Map.of());
    }

    public ConsumerSpec {
        decodablePayloadTypes = java.util.Set.copyOf(decodablePayloadTypes);
        rtxPayloadTypes = java.util.Map.copyOf(rtxPayloadTypes);
        for (int pt : decodablePayloadTypes) {
            if (pt < 0 || pt > 127) throw new IllegalArgumentException("payload types are 0..127: " + pt);
        }
        rtxPayloadTypes.forEach((pt, rtx) -> {
            if (pt < 0 || pt > 127 || rtx < 0 || rtx > 127) throw new IllegalArgumentException("payload types are 0..127");
        });
    }
}

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
 */
public record ConsumerSpec(String producerTrackId, long ssrc, String mid, String cname, ExtensionIds extensions,
                           long rtxSsrc, int rtxPayloadType, boolean red) {
    /** A consumer without RTX or RED. */
    public ConsumerSpec(String producerTrackId, long ssrc, String mid, String cname, ExtensionIds extensions) {
        this(producerTrackId, ssrc, mid, cname, extensions, 0, 0, false);
    }
}

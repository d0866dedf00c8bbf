package io.patchbay.media.forward;

/**
 * One subscriber's view of a producer, as written in the subscriber offer.
 *
 * @param producerTrackId the producer it consumes
 * @param ssrc            the SSRC the subscriber sees
 * @param mid             the subscriber-side m-section
 * @param cname           the RTCP CNAME announced with the SSRC
 * @param extensions      the subscriber's header extension ids
 */
public record ConsumerSpec(String producerTrackId, long ssrc, String mid, String cname, ExtensionIds extensions) {
}

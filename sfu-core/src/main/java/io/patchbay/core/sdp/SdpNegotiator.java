package io.patchbay.core.sdp;

import java.util.List;
import java.util.Set;

/**
 * Offer/answer for the server's two peer connections per participant (see ARCHITECTURE.md, "Signaling model"):
 * the publisher connection, where the client offers and the server answers, and the subscriber connection,
 * where the server offers. Pure functions, any thread; no I/O.
 */
public final class SdpNegotiator {
    private SdpNegotiator() {
    }

    /**
     * Answers a publisher's offer with a fresh session id and version 1. See {@link PublisherAnswerBuilder}.
     *
     * @throws SdpNegotiationException with code sdp-no-media, sdp-no-supported-codec, sdp-missing-ice,
     *         sdp-missing-fingerprint, sdp-bad-setup, sdp-no-bundle or sdp-no-rtcp-mux
     */
    public static PublisherNegotiation answerPublisherOffer(SessionDescription offer, LocalTransport local)
            throws SdpNegotiationException {
        return answerPublisherOffer(offer, local, ServerSdp.freshSessionId(), 1);
    }

    /**
     * Answers a publisher's offer with a given origin. A renegotiation must keep the session id of the first
     * answer and increase the version (RFC 8829 section 5.3.2).
     */
    public static PublisherNegotiation answerPublisherOffer(SessionDescription offer, LocalTransport local,
                                                            long sessionId, long sessionVersion) throws SdpNegotiationException {
        return PublisherAnswerBuilder.answer(offer, local, sessionId, sessionVersion, Integer.MAX_VALUE, Set.of(),
                CodecPolicy.ALL);
    }

    /**
     * As above, accepting at most {@code maxTracks} sections the publisher sends on: those whose mid is in
     * {@code publishedMids} (tracks already published) first, then new ones in m-section order. The others are
     * rejected with port 0 and listed in {@link PublisherNegotiation#refusedMids()}, so the tracks already flowing
     * keep working.
     */
    public static PublisherNegotiation answerPublisherOffer(SessionDescription offer, LocalTransport local,
                                                            long sessionId, long sessionVersion, int maxTracks,
                                                            Set<String> publishedMids) throws SdpNegotiationException {
        return answerPublisherOffer(offer, local, sessionId, sessionVersion, maxTracks, publishedMids, CodecPolicy.ALL);
    }

    /** As above, accepting only the codecs {@code policy} accepts (an end-to-end encrypted room's). */
    public static PublisherNegotiation answerPublisherOffer(SessionDescription offer, LocalTransport local,
                                                            long sessionId, long sessionVersion, int maxTracks,
                                                            Set<String> publishedMids, CodecPolicy policy)
            throws SdpNegotiationException {
        return PublisherAnswerBuilder.answer(offer, local, sessionId, sessionVersion, maxTracks, publishedMids, policy);
    }

    /**
     * The server's offer to a subscriber. With no tracks it is a description with no m-sections.
     * See {@link SubscriberOfferBuilder}.
     *
     * @throws IllegalArgumentException when two tracks share a mid or a codec is not in {@link CodecTable}
     */
    public static SessionDescription buildSubscriberOffer(LocalTransport local, long sessionId, long sessionVersion,
                                                          List<SubscribedTrack> tracks) {
        return SubscriberOfferBuilder.offer(local, sessionId, sessionVersion, tracks);
    }

    /**
     * Reads a subscriber's answer to {@code offer}.
     *
     * @throws SdpNegotiationException with code sdp-mismatch, sdp-bad-setup, sdp-missing-ice,
     *         sdp-missing-fingerprint, sdp-no-bundle or sdp-no-rtcp-mux
     */
    public static SubscriberAnswer readSubscriberAnswer(SessionDescription offer, SessionDescription answer)
            throws SdpNegotiationException {
        return SubscriberAnswerReader.read(offer, answer);
    }
}

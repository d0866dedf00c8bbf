package io.patchbay.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.patchbay.core.sdp.PublisherNegotiation;
import io.patchbay.core.sdp.SdpFixtures;
import io.patchbay.core.sdp.SdpNegotiationException;
import io.patchbay.core.sdp.SdpNegotiator;
import io.patchbay.core.sdp.SdpParseException;
import io.patchbay.core.sdp.SessionDescription;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of a publisher's offer as the server reads it: {@link SessionDescription#parse} (typed
 * {@link SdpParseException} or a model that round-trips through {@code toSdp()}), then
 * {@link SdpNegotiator#answerPublisherOffer} (typed {@link SdpNegotiationException} or an answer that itself parses
 * back, with one published track per accepted section at most). Nothing else may be thrown.
 */
class SdpOfferFuzzTest {
    @FuzzTest(maxDuration = FuzzBudget.CI)
    void publisherOffer(byte[] input) throws SdpParseException {
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(new String(input, StandardCharsets.UTF_8));
        } catch (SdpParseException refused) {
            return;
        }
        assertEquals(offer, SessionDescription.parse(offer.toSdp()), "parse(toSdp()) round-trips");
        PublisherNegotiation negotiation;
        try {
            negotiation = SdpNegotiator.answerPublisherOffer(offer, SdpFixtures.LOCAL, 1, 1);
        } catch (SdpNegotiationException refused) {
            return;
        }
        SessionDescription answer = negotiation.answer();
        assertEquals(answer, SessionDescription.parse(answer.toSdp()), "the answer parses back");
        assertEquals(offer.media().size(), answer.media().size(), "one answer section per offered section");
        assertTrue(negotiation.tracks().size() <= offer.media().size(), "at most one track per section");
    }
}

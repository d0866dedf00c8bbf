package io.patchbay.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.patchbay.core.sdp.SdpNegotiationException;
import io.patchbay.core.sdp.SdpNegotiator;
import io.patchbay.core.sdp.SdpParseException;
import io.patchbay.core.sdp.SessionDescription;
import io.patchbay.core.sdp.SubscriberFixtures;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of a subscriber's answer as the server reads it: {@link SessionDescription#parse}, then
 * {@link SdpNegotiator#readSubscriberAnswer} against the server's real three-track offer the seeds answered (and
 * against itself, for sections the offer does not have). Typed exceptions only.
 */
class SdpAnswerFuzzTest {
    private static final SessionDescription OFFER = SubscriberFixtures.offer(false);

    @FuzzTest(maxDuration = FuzzBudget.CI)
    void subscriberAnswer(byte[] input) throws SdpParseException {
        SessionDescription answer;
        try {
            answer = SessionDescription.parse(new String(input, StandardCharsets.UTF_8));
        } catch (SdpParseException refused) {
            return;
        }
        assertEquals(answer, SessionDescription.parse(answer.toSdp()), "parse(toSdp()) round-trips");
        read(OFFER, answer);
        read(answer, answer);
    }

    private static void read(SessionDescription offer, SessionDescription answer) {
        try {
            SdpNegotiator.readSubscriberAnswer(offer, answer);
        } catch (SdpNegotiationException refused) {
            // typed refusal: the contract
        }
    }
}

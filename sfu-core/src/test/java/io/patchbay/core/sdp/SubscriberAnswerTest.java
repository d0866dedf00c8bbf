package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reads answers Chromium 156 actually gave to {@link SubscriberFixtures#offer(boolean)}. */
class SubscriberAnswerTest {

    @Test
    void chromeAnswerAcceptsEverySection() throws SdpNegotiationException {
        SubscriberAnswer result = SdpNegotiator.readSubscriberAnswer(SubscriberFixtures.offer(false),
                SdpFixtures.parse(SdpFixtures.CHROME_SUBSCRIBER_ANSWER));
        assertEquals(Set.of("0", "1", "2"), result.acceptedMids());
        assertEquals(List.of("0", "1", "2"), List.copyOf(result.acceptedMids()), "in m-section order");
        RemoteTransport remote = result.remote().orElseThrow();
        assertEquals("8H9j", remote.iceUfrag());
        assertEquals("Q/WAcg9sgNdniYQEgIrJkc8x", remote.icePwd());
        assertEquals(SetupRole.ACTIVE, remote.setup());
        assertTrue(remote.fingerprint().value().startsWith("06:19:BB:32"));
        assertTrue(remote.candidates().isEmpty());
    }

    @Test
    void chromeAnswerAfterATrackEnded() throws SdpNegotiationException {
        SubscriberAnswer result = SdpNegotiator.readSubscriberAnswer(SubscriberFixtures.offer(true),
                SdpFixtures.parse(SdpFixtures.CHROME_SUBSCRIBER_ANSWER_RENEGOTIATED));
        assertEquals(List.of("0", "2"), List.copyOf(result.acceptedMids()));
        assertTrue(result.accepted("2"));
        assertEquals(2, result.remote().orElseThrow().candidates().size());
    }

    @Test
    void inactiveAnswerSectionIsNotAccepted() throws SdpNegotiationException {
        String text = SdpFixtures.text(SdpFixtures.CHROME_SUBSCRIBER_ANSWER);
        int video = text.indexOf("m=video");
        text = text.substring(0, video) + text.substring(video).replaceFirst("a=recvonly", "a=inactive");
        SubscriberAnswer result = SdpNegotiator.readSubscriberAnswer(SubscriberFixtures.offer(false), SdpFixtures.parseText(text));
        assertEquals(List.of("0", "2"), List.copyOf(result.acceptedMids()));
    }

    @Test
    void emptyOfferAndAnswerHaveNoTransport() throws SdpNegotiationException {
        SessionDescription offer = SdpNegotiator.buildSubscriberOffer(SdpFixtures.LOCAL, 1, 1, List.of());
        SessionDescription answer = SdpFixtures.parseText("v=0\r\no=- 9 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        SubscriberAnswer result = SdpNegotiator.readSubscriberAnswer(offer, answer);
        assertEquals(Optional.empty(), result.remote());
        assertTrue(result.acceptedMids().isEmpty());
    }

    @Test
    void redKeptInTheAnswerMarksTheMidForRedAndDroppedMeansOpusOnly() throws SdpNegotiationException {
        String text = SdpFixtures.text(SdpFixtures.CHROME_SUBSCRIBER_ANSWER);
        SubscriberAnswer plain = SdpNegotiator.readSubscriberAnswer(SubscriberFixtures.offer(false), SdpFixtures.parseText(text));
        assertTrue(plain.redMids().isEmpty());
        String withRed = text.replaceFirst("m=audio 9 UDP/TLS/RTP/SAVPF 111", "m=audio 9 UDP/TLS/RTP/SAVPF 63 111")
                .replaceFirst("a=rtpmap:111 opus/48000/2", "a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\na=rtpmap:111 opus/48000/2");
        SubscriberAnswer red = SdpNegotiator.readSubscriberAnswer(SubscriberFixtures.offer(false), SdpFixtures.parseText(withRed));
        assertEquals(Set.of("0"), red.redMids());
        assertTrue(red.acceptsRed("0") && !red.acceptsRed("1"));
    }

    @Test
    void aSectionRejectedForWantOfACommonCodecIsUndecodableNotAccepted() throws SdpNegotiationException {
        // An H264-less client answers the H264 section (mid 2) with port 0, as JSEP says when no codec is in common.
        String text = SdpFixtures.text(SdpFixtures.CHROME_SUBSCRIBER_ANSWER);
        String rejected = text.replaceFirst("m=video 9 UDP/TLS/RTP/SAVPF 102", "m=video 0 UDP/TLS/RTP/SAVPF 102");
        SubscriberAnswer result = SdpNegotiator.readSubscriberAnswer(SubscriberFixtures.offer(false),
                SdpFixtures.parseText(rejected));
        assertEquals(List.of("0", "1"), List.copyOf(result.acceptedMids()));
        assertEquals(Set.of("2"), result.undecodableMids());
    }

    @Test
    void aSectionAnsweredWithAnotherCodecIsUndecodable() throws SdpNegotiationException {
        String text = SdpFixtures.text(SdpFixtures.CHROME_SUBSCRIBER_ANSWER);
        String other = text.replaceFirst("m=video 9 UDP/TLS/RTP/SAVPF 102", "m=video 9 UDP/TLS/RTP/SAVPF 98")
                .replaceFirst("a=rtpmap:102 H264/90000", "a=rtpmap:98 VP9/90000");
        SubscriberAnswer result = SdpNegotiator.readSubscriberAnswer(SubscriberFixtures.offer(false),
                SdpFixtures.parseText(other));
        assertEquals(List.of("0", "1"), List.copyOf(result.acceptedMids()));
        assertEquals(Set.of("2"), result.undecodableMids());
        assertTrue(result.remote().isPresent());
    }

    @Test
    void answersKeepingEveryCodecHaveNothingUndecodableAndDroppingRedIsFine() throws SdpNegotiationException {
        SubscriberAnswer plain = SdpNegotiator.readSubscriberAnswer(SubscriberFixtures.offer(false),
                SdpFixtures.parse(SdpFixtures.CHROME_SUBSCRIBER_ANSWER));
        assertEquals(Set.of(), plain.undecodableMids());
        SubscriberAnswer renegotiated = SdpNegotiator.readSubscriberAnswer(SubscriberFixtures.offer(true),
                SdpFixtures.parse(SdpFixtures.CHROME_SUBSCRIBER_ANSWER_RENEGOTIATED));
        assertEquals(Set.of(), renegotiated.undecodableMids(), "an ended section is not a codec problem");
    }
}

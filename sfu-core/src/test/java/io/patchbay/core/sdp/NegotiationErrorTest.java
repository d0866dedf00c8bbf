package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Offers that parse but cannot be answered, each with the code the client gets. */
class NegotiationErrorTest {
    private static final String HEADER = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";

    private static Arguments row(String name, String fixture, UnaryOperator<String> edit, String code) {
        return Arguments.of(name, fixture, edit, code);
    }

    static Stream<Arguments> publisherOffers() {
        String chrome = SdpFixtures.CHROME_OFFER;
        String firefox = SdpFixtures.FIREFOX_OFFER;
        return Stream.of(
                row("only a data channel", null, s -> HEADER + "a=group:BUNDLE 0\r\n"
                        + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\na=sctp-port:5000\r\n", "sdp-no-media"),
                row("no m-sections at all", null, s -> HEADER, "sdp-no-media"),
                row("every audio/video section already rejected", chrome,
                        s -> s.replace("m=audio 58758", "m=audio 0").replace("m=video 44318", "m=video 0"), "sdp-no-media"),
                row("only G.711 audio", chrome, s -> s.substring(0, s.indexOf("m=video")).replace(
                        "m=audio 58758 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "m=audio 58758 UDP/TLS/RTP/SAVPF 0 8"),
                        "sdp-no-supported-codec"),
                row("video with only H264 packetization-mode 0", null, s -> HEADER + "a=group:BUNDLE 0\r\n"
                        + "m=video 9 UDP/TLS/RTP/SAVPF 104\r\na=mid:0\r\na=rtpmap:104 H264/90000\r\n"
                        + "a=fmtp:104 packetization-mode=0;profile-level-id=42e01f\r\n", "sdp-no-supported-codec"),
                row("plain RTP/AVP (no DTLS-SRTP)", chrome, s -> s.replace("UDP/TLS/RTP/SAVPF", "RTP/AVP"), "sdp-no-supported-codec"),
                row("missing ice-ufrag", chrome, s -> SdpFixtures.withoutLines(s, "a=ice-ufrag"), "sdp-missing-ice"),
                row("missing ice-pwd", firefox, s -> SdpFixtures.withoutLines(s, "a=ice-pwd"), "sdp-missing-ice"),
                row("missing fingerprint", chrome, s -> SdpFixtures.withoutLines(s, "a=fingerprint"), "sdp-missing-fingerprint"),
                row("missing session-level fingerprint (Firefox)", firefox,
                        s -> SdpFixtures.withoutLines(s, "a=fingerprint"), "sdp-missing-fingerprint"),
                row("no BUNDLE group", chrome, s -> SdpFixtures.withoutLines(s, "a=group:BUNDLE"), "sdp-no-bundle"),
                row("video outside the BUNDLE group", chrome, s -> s.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0"), "sdp-no-bundle"),
                row("no mid", chrome, s -> SdpFixtures.withoutLines(s, "a=mid:"), "sdp-no-bundle"),
                row("no rtcp-mux", chrome, s -> SdpFixtures.withoutLines(s, "a=rtcp-mux"), "sdp-no-rtcp-mux"),
                row("setup passive", chrome, s -> s.replace("a=setup:actpass", "a=setup:passive"), "sdp-bad-setup"),
                row("setup holdconn", firefox, s -> s.replace("a=setup:actpass", "a=setup:holdconn"), "sdp-bad-setup"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publisherOffers")
    void publisherOfferIsRefused(String name, String fixture, UnaryOperator<String> edit, String code) {
        String text = edit.apply(fixture == null ? "" : SdpFixtures.text(fixture));
        SessionDescription offer = SdpFixtures.parseText(text);
        SdpNegotiationException e = assertThrows(SdpNegotiationException.class,
                () -> SdpNegotiator.answerPublisherOffer(offer, SdpFixtures.LOCAL));
        assertEquals(code, e.code(), e.getMessage());
    }

    static Stream<Arguments> subscriberAnswers() {
        String answer = SdpFixtures.CHROME_SUBSCRIBER_ANSWER;
        return Stream.of(
                row("setup actpass in an answer", answer, s -> s.replace("a=setup:active", "a=setup:actpass"), "sdp-bad-setup"),
                row("setup holdconn", answer, s -> s.replace("a=setup:active", "a=setup:holdconn"), "sdp-bad-setup"),
                row("no setup", answer, s -> SdpFixtures.withoutLines(s, "a=setup"), "sdp-bad-setup"),
                row("one m-section fewer", answer, s -> s.substring(0, s.lastIndexOf("m=video")), "sdp-mismatch"),
                row("mids swapped", answer, s -> s.replace("a=mid:1", "a=mid:x").replace("a=mid:2", "a=mid:1")
                        .replace("a=mid:x", "a=mid:2").replace("BUNDLE 0 1 2", "BUNDLE 0 2 1"), "sdp-mismatch"),
                row("missing ice", answer, s -> SdpFixtures.withoutLines(s, "a=ice-ufrag"), "sdp-missing-ice"),
                row("missing fingerprint", answer, s -> SdpFixtures.withoutLines(s, "a=fingerprint"), "sdp-missing-fingerprint"),
                row("not bundled", answer, s -> s.replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 1"), "sdp-no-bundle"),
                row("no rtcp-mux", answer, s -> SdpFixtures.withoutLines(s, "a=rtcp-mux"), "sdp-no-rtcp-mux"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subscriberAnswers")
    void subscriberAnswerIsRefused(String name, String fixture, UnaryOperator<String> edit, String code) {
        SessionDescription answer = SdpFixtures.parseText(edit.apply(SdpFixtures.text(fixture)));
        SdpNegotiationException e = assertThrows(SdpNegotiationException.class,
                () -> SdpNegotiator.readSubscriberAnswer(SubscriberFixtures.offer(false), answer));
        assertEquals(code, e.code(), e.getMessage());
    }
}

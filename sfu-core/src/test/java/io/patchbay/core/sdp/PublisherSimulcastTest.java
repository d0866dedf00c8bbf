package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Simulcast in the publisher answer: rid simulcast (RFC 8851, RFC 8853, RFC 8852 header extension) and legacy
 * {@code a=ssrc-group:SIM}. Offers are the captured Chrome simulcast offer with its rid block replaced.
 */
class PublisherSimulcastTest {
    private static final String CHROME_RID_BLOCK = "a=rid:q send\r\na=rid:h send\r\na=rid:f send\r\na=simulcast:send q;h;f\r\n";
    private static final String RID_EXTENSION = "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n";

    private static PublisherNegotiation answer(String sdp) throws SdpNegotiationException {
        return SdpNegotiator.answerPublisherOffer(SdpFixtures.parseText(sdp), SdpFixtures.LOCAL);
    }

    /** The Chrome simulcast offer with its rid and simulcast lines replaced ({@code &&} separates lines). */
    private static String offerWith(String videoLines) {
        String fixture = SdpFixtures.text(SdpFixtures.CHROME_SIMULCAST_OFFER);
        assertTrue(fixture.contains(CHROME_RID_BLOCK));
        String lines = videoLines.isBlank() ? "" : String.join("\r\n", videoLines.split(" *&& *")) + "\r\n";
        return fixture.replace(CHROME_RID_BLOCK, lines);
    }

    private static String layers(PublishedTrack track) {
        return String.join(" ", track.layers().stream().map(l -> l.rid() + ":" + l.ssrc() + ":" + l.rtxSsrc()).toList());
    }

    @Test
    void chromeSimulcastOfferIsAnsweredWithItsThreeRidsAsRecv() throws SdpNegotiationException {
        PublisherNegotiation result = answer(SdpFixtures.text(SdpFixtures.CHROME_SIMULCAST_OFFER));
        MediaSection video = result.answer().media().get(1);
        assertEquals(List.of("q recv", "h recv", "f recv"), video.rids());
        assertEquals(Optional.of("recv q;h;f"), video.simulcast());
        assertTrue(video.toString().contains("a=rid:q recv\r\na=rid:h recv\r\na=rid:f recv\r\na=simulcast:recv q;h;f\r\n"));
        assertEquals(Optional.empty(), result.answer().media().get(0).simulcast(), "audio has none");
        PublishedTrack track = result.tracks().get(1);
        assertTrue(track.isSimulcast());
        assertEquals(List.of(new SimulcastLayer("q", 0, 0), new SimulcastLayer("h", 0, 0), new SimulcastLayer("f", 0, 0)),
                track.layers());
        assertEquals(10, track.extensionIds().rid());
        assertEquals(11, track.extensionIds().repairedRid());
        assertEquals(0, result.tracks().get(0).extensionIds().rid(), "audio never gets the rid extension");
        assertEquals(result.answer(), SdpFixtures.parseText(result.answer().toSdp()), "the answer parses back");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "three rids in order|a=rid:q send && a=rid:h send && a=rid:f send && a=simulcast:send q;h;f|recv q;h;f|q:0:0 h:0:0 f:0:0",
        "four rids: the first three|a=rid:a send && a=rid:b send && a=rid:c send && a=rid:d send && a=simulcast:send a;b;c;d|recv a;b;c|a:0:0 b:0:0 c:0:0",
        "alternatives: the first|a=rid:q send && a=rid:x send && a=rid:h send && a=simulcast:send q,x;h|recv q;h|q:0:0 h:0:0",
        "alternative not defined: the next|a=rid:q send && a=rid:h send && a=simulcast:send z,q;h|recv q;h|q:0:0 h:0:0",
        "paused rid accepted without ~|a=rid:q send && a=rid:h send && a=rid:f send && a=simulcast:send q;~h;f|recv q;h;f|q:0:0 h:0:0 f:0:0",
        "restrictions dropped|a=rid:q send pt=96;max-width=320;max-height=180 && a=rid:f send max-fps=30 && a=simulcast:send q;f|recv q;f|q:0:0 f:0:0",
        "send after recv in the value|a=rid:q send && a=rid:h send && a=simulcast:recv x send q;h|recv q;h|q:0:0 h:0:0",
        "rid not declared send|a=rid:q send && a=rid:h recv && a=simulcast:send q;h|recv q|q:0:0",
        "rid listed twice|a=rid:q send && a=rid:h send && a=simulcast:send q;q;h|recv q;h|q:0:0 h:0:0",
        "rid longer than 16 characters|a=rid:q send && a=rid:abcdefghijklmnopq send && a=simulcast:send q;abcdefghijklmnopq|recv q|q:0:0",
        "rids without a=simulcast|a=rid:q send && a=rid:h send|-|",
        "a=simulcast without send|a=rid:q send && a=simulcast:recv q|-|",
        "no rid lines|a=simulcast:send q;h|-|",
        "SIM group with FID groups|a=ssrc-group:FID 11 12 && a=ssrc-group:FID 22 23 && a=ssrc-group:FID 33 34 && a=ssrc-group:SIM 11 22 33 && a=ssrc:11 cname:c && a=ssrc:12 cname:c && a=ssrc:22 cname:c && a=ssrc:23 cname:c && a=ssrc:33 cname:c && a=ssrc:34 cname:c|-|l0:11:12 l1:22:23 l2:33:34",
        "SIM group without RTX|a=ssrc-group:SIM 11 22 && a=ssrc:11 cname:c && a=ssrc:22 cname:c|-|l0:11:0 l1:22:0",
        "SIM group of four: the first three|a=ssrc-group:SIM 11 22 33 44|-|l0:11:0 l1:22:0 l2:33:0",
        "SIM group of one: no simulcast|a=ssrc-group:SIM 11 && a=ssrc:11 cname:c|-|",
    })
    void videoSimulcastAnswerAndLayers(String name, String videoLines, String simulcast, String layers)
            throws SdpNegotiationException {
        PublisherNegotiation result = answer(offerWith(videoLines));
        MediaSection video = result.answer().media().get(1);
        Optional<String> expected = simulcast.equals("-") ? Optional.empty() : Optional.of(simulcast);
        assertEquals(expected, video.simulcast());
        List<String> expectedRids = expected.map(s -> Arrays.stream(s.substring(5).split(";")).map(r -> r + " recv").toList())
                .orElse(List.of());
        assertEquals(expectedRids, video.rids());
        assertEquals(layers == null ? "" : layers, layers(result.tracks().get(1)));
        assertEquals(result.answer(), SdpFixtures.parseText(result.answer().toSdp()), "the answer parses back");
    }

    @Test
    void withoutTheRidExtensionThereIsNoSimulcast() throws SdpNegotiationException {
        PublisherNegotiation result = answer(SdpFixtures.text(SdpFixtures.CHROME_SIMULCAST_OFFER).replace(RID_EXTENSION, ""));
        MediaSection video = result.answer().media().get(1);
        assertEquals(Optional.empty(), video.simulcast());
        assertEquals(List.of(), video.rids());
        assertEquals(List.of(), result.tracks().get(1).layers());
        assertEquals(0, result.tracks().get(1).extensionIds().rid());
    }

    @Test
    void audioSectionWithRidsGetsNoSimulcast() throws SdpNegotiationException {
        String sdp = SdpFixtures.text(SdpFixtures.CHROME_SIMULCAST_OFFER).replace("a=rtpmap:111 opus/48000/2\r\n",
                "a=rtpmap:111 opus/48000/2\r\na=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n"
                        + "a=rid:q send\r\na=rid:h send\r\na=simulcast:send q;h\r\n");
        PublisherNegotiation result = answer(sdp);
        assertEquals(Optional.empty(), result.answer().media().get(0).simulcast());
        assertEquals(Optional.empty(), result.answer().media().get(0).extension(RtpHeaderExtensions.RID));
        assertEquals(List.of(), result.tracks().get(0).layers());
    }

    @Test
    void subscribersAreNeverOfferedTheRidExtensions() {
        for (MediaKind kind : List.of(MediaKind.AUDIO, MediaKind.VIDEO)) {
            assertTrue(RtpHeaderExtensions.forSubscriber(kind).stream()
                    .noneMatch(e -> e.uri().equals(RtpHeaderExtensions.RID) || e.uri().equals(RtpHeaderExtensions.REPAIRED_RID)));
        }
    }
}

package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An end-to-end encrypted room's publishers ({@link CodecPolicy#END_TO_END_ENCRYPTED}): VP8, VP9, Opus, no RED. */
class EndToEndEncryptedCodecsTest {

    private static PublisherNegotiation answer(String sdp) throws SdpNegotiationException {
        return SdpNegotiator.answerPublisherOffer(SdpFixtures.parseText(sdp), SdpFixtures.LOCAL, 1, 1,
                Integer.MAX_VALUE, Set.of(), CodecPolicy.END_TO_END_ENCRYPTED);
    }

    private static List<Integer> payloadTypes(MediaSection section) {
        return section.codecs().stream().map(RtpCodec::payloadType).toList();
    }

    @Test
    void chromeOfferKeepsVp8AndVp9AndOpusWithoutRed() throws SdpNegotiationException {
        PublisherNegotiation result = answer(SdpFixtures.text(SdpFixtures.CHROME_OFFER));
        MediaSection audio = result.answer().media().get(0);
        MediaSection video = result.answer().media().get(1);
        assertEquals(List.of(111), payloadTypes(audio), "Opus without its RED 63");
        assertEquals(0, result.tracks().get(0).redPayloadType());
        // Against the unencrypted answer's 96 97 108 109 102 103 116 117 45 46 98 99 100 101: no H264, no AV1.
        assertEquals(List.of(96, 97, 98, 99, 100, 101), payloadTypes(video));
        assertEquals(List.of("VP8", "VP9", "VP9"), result.tracks().get(1).codecs().stream().map(RtpCodec::name).toList());
    }

    @Test
    void anOfferPreferringH264SendsVp8() throws SdpNegotiationException {
        String offer = SdpFixtures.chromeOfferPreferringH264();
        MediaSection video = answer(offer).answer().media().get(1);
        assertEquals(96, video.codecs().get(0).payloadType(), "the first codec the room accepts is the one sent");
    }

    @Test
    void aVideoSectionWithOnlyH264IsRejectedAndAnOfferWithNothingElseIsRefusedSayingWhy() throws SdpNegotiationException {
        String text = SdpFixtures.text(SdpFixtures.CHROME_OFFER);
        int video = text.indexOf("m=video");
        String h264Only = text.substring(0, video) + text.substring(video)
                .replaceFirst("m=video 44318 UDP/TLS/RTP/SAVPF [0-9 ]+", "m=video 44318 UDP/TLS/RTP/SAVPF 108 109");
        PublisherNegotiation result = answer(h264Only);
        assertEquals(0, result.answer().media().get(1).port(), "the H264-only video section is rejected");
        assertEquals(1, result.tracks().size(), "audio is still published");
        String noAudio = h264Only.substring(h264Only.indexOf("m=video"));
        String onlyH264Video = h264Only.substring(0, h264Only.indexOf("m=audio")) + noAudio;
        SdpNegotiationException refused = assertThrows(SdpNegotiationException.class,
                () -> answer(onlyH264Video.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 1")));
        assertEquals(SdpNegotiationError.NO_SUPPORTED_CODEC, refused.error());
        assertTrue(refused.getMessage().contains("end-to-end encrypted"), refused.getMessage());
    }
}

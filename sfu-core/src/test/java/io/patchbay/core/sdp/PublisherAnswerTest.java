package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PublisherAnswerTest {
    private static final LocalTransport LOCAL = SdpFixtures.LOCAL;

    private static PublisherNegotiation answer(String sdp) throws SdpNegotiationException {
        return SdpNegotiator.answerPublisherOffer(SdpFixtures.parseText(sdp), LOCAL);
    }

    private static List<Integer> payloadTypes(MediaSection section) {
        return section.codecs().stream().map(RtpCodec::payloadType).toList();
    }

    @Test
    void chromeOfferAnswerKeepsMidsOrderAndBundle() throws SdpNegotiationException {
        SessionDescription offer = SdpFixtures.parse(SdpFixtures.CHROME_OFFER);
        SessionDescription answer = SdpNegotiator.answerPublisherOffer(offer, LOCAL).answer();
        assertEquals(List.of("0", "1"), answer.bundleMids());
        assertEquals(List.of(Optional.of("0"), Optional.of("1")), answer.media().stream().map(MediaSection::mid).toList());
        assertNotEquals(offer.origin().sessionId(), answer.origin().sessionId());
        assertTrue(answer.origin().sessionId() > 0);
        assertTrue(answer.extmapAllowMixed());
        assertEquals(Optional.of("WMS *"), answer.msidSemantic());
        // The server declares ICE-lite so the client is always the controlling agent (see ServerSdp).
        assertTrue(answer.iceLite());
        String text = answer.toSdp();
        assertTrue(text.contains("a=ice-lite\r\n"));
        assertFalse(text.contains("a=candidate"));
        assertTrue(text.contains("a=msid-semantic: WMS *\r\n"));
    }

    @Test
    void chromeOfferAnswerSectionsCarryOurTransport() throws SdpNegotiationException {
        SessionDescription answer = answer(SdpFixtures.text(SdpFixtures.CHROME_OFFER)).answer();
        for (MediaSection section : answer.media()) {
            assertEquals(9, section.port());
            assertEquals(Optional.of("IN IP4 0.0.0.0"), section.connection());
            assertEquals(Optional.of("9 IN IP4 0.0.0.0"), section.rtcp());
            assertEquals(Optional.of("srvU"), section.iceUfrag());
            assertEquals(Optional.of("serverpasswordserverpw"), section.icePwd());
            assertEquals(List.of("trickle"), section.iceOptions());
            assertEquals(List.of(LOCAL.fingerprint()), section.fingerprints());
            assertEquals(Optional.of(SetupRole.PASSIVE), section.setup());
            assertEquals(Direction.RECVONLY, section.direction());
            assertTrue(section.rtcpMux());
            assertTrue(section.rtcpRsize());
            assertTrue(section.candidates().isEmpty());
            assertTrue(section.ssrcs().isEmpty());
        }
    }

    @Test
    void chromeAudioKeepsOpusAndPutsItsRedFirstAndDropsG711() throws SdpNegotiationException {
        PublisherNegotiation result = answer(SdpFixtures.text(SdpFixtures.CHROME_OFFER));
        MediaSection audio = result.answer().media().get(0);
        // red/48000/2 with fmtp 111/111 first, so Chrome sends RED (RFC 2198); G.711, CN, telephone-event dropped.
        assertEquals(List.of(63, 111), payloadTypes(audio));
        assertEquals(List.of("63", "111"), audio.formats());
        assertEquals("111/111", audio.codec(63).orElseThrow().fmtpLine());
        RtpCodec opus = audio.codec(111).orElseThrow();
        assertEquals("minptime=10;useinbandfec=1", opus.fmtpLine());
        assertEquals(List.of(RtcpFeedback.TRANSPORT_CC), opus.rtcpFeedback());
        assertEquals(List.of(1, 2, 3, 4), audio.extensions().stream().map(HeaderExtension::id).toList());
        PublishedTrack track = result.tracks().get(0);
        assertEquals(63, track.redPayloadType());
        assertEquals(List.of(111), track.codecs().stream().map(RtpCodec::payloadType).toList(), "Opus stays the codec");
        assertEquals(0, result.tracks().get(1).redPayloadType(), "no RED for video");
    }

    @Test
    void redNamingAnotherCodecIsNotAccepted() throws SdpNegotiationException {
        String offer = SdpFixtures.text(SdpFixtures.CHROME_OFFER).replace("a=fmtp:63 111/111", "a=fmtp:63 0/0");
        assertEquals(List.of(111), payloadTypes(answer(offer).answer().media().get(0)));
        assertEquals(0, answer(offer).tracks().get(0).redPayloadType());
    }

    @Test
    void chromeVideoAnswerKeepsEveryForwardedCodecWithItsRtx() throws SdpNegotiationException {
        MediaSection video = answer(SdpFixtures.text(SdpFixtures.CHROME_OFFER)).answer().media().get(1);
        // VP8 96 is Chrome's first choice and stays first (it sends that); the other codecs the server forwards
        // follow in Chrome's order, each with its rtx, one per variant: H264 Constrained Baseline 108 (ahead of
        // Baseline 102, which Chrome lists first), High 116, AV1 45, VP9 profile 0 98 and 2 100. H264 with
        // packetization-mode 0, red and ulpfec are left out.
        assertEquals(List.of(96, 97, 108, 109, 102, 103, 116, 117, 45, 46, 98, 99, 100, 101), payloadTypes(video));
        assertEquals("42e01f", video.codec(108).orElseThrow().fmtpValue("profile-level-id").orElseThrow());
        assertEquals(96, video.codec(97).orElseThrow().aptPayloadType().getAsInt());
        assertEquals(List.of(RtcpFeedback.GOOG_REMB, RtcpFeedback.TRANSPORT_CC, RtcpFeedback.CCM_FIR,
                RtcpFeedback.NACK, RtcpFeedback.NACK_PLI), video.codec(96).orElseThrow().rtcpFeedback());
        assertTrue(video.codec(97).orElseThrow().rtcpFeedback().isEmpty());
        // toffset (14), video-orientation (13), playout-delay, ... dropped; the rest keep the offer's ids; the rid
        // extensions (10, 11) are accepted for simulcast, but without a=simulcast there is none.
        assertTrue(video.simulcast().isEmpty());
        assertTrue(video.rids().isEmpty());
        assertEquals(List.of(2, 3, 4, 10, 11), video.extensions().stream().map(HeaderExtension::id).toList());
        assertEquals(Optional.empty(), video.extension(RtpHeaderExtensions.AUDIO_LEVEL));
    }

    @Test
    void chromeOfferPreferringH264GetsItsConstrainedBaselineVariant() throws SdpNegotiationException {
        String offer = SdpFixtures.chromeOfferPreferringH264();
        MediaSection video = answer(offer).answer().media().get(1);
        // 102 (42001f) is Baseline, not Constrained; 104 is packetization-mode 0; 108 (42e01f, mode 1) is sent first,
        // Baseline follows as an alternative, then VP8.
        assertEquals(List.of(108, 109, 102, 103, 96, 97, 116, 117, 45, 46, 98, 99, 100, 101), payloadTypes(video));
        assertEquals("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                video.codec(108).orElseThrow().fmtpLine());
    }

    @Test
    void chromeTracksCarrySsrcsMsidAndExtensionIds() throws SdpNegotiationException {
        PublisherNegotiation result = answer(SdpFixtures.text(SdpFixtures.CHROME_OFFER));
        assertEquals(2, result.tracks().size());

        PublishedTrack audio = result.tracks().get(0);
        assertEquals("0", audio.mid());
        assertEquals(MediaKind.AUDIO, audio.kind());
        assertEquals(OptionalLong.of(2231894001L), audio.mediaSsrc());
        assertEquals(OptionalLong.empty(), audio.rtxSsrc());
        assertEquals(Optional.of("2VXBhWK/miXJQUZ0"), audio.cname());
        assertEquals(new HeaderExtensionIds(1, 2, 3, 4), audio.extensionIds());
        assertEquals("3bba618b-7d0b-4355-ac97-d0af19ad85fe", audio.msid().orElseThrow().streamId());

        PublishedTrack video = result.tracks().get(1);
        assertEquals(List.of(1425764598L), video.mediaSsrcs());
        assertEquals(OptionalLong.of(564142531L), video.rtxSsrc());
        assertEquals(List.of(96, 108, 102, 116, 45, 98, 100), video.codecs().stream().map(RtpCodec::payloadType).toList());
        assertEquals(96, video.preferredCodec().payloadType());
        assertEquals(Map.of(96, 97, 108, 109, 102, 103, 116, 117, 45, 46, 98, 99, 100, 101), video.rtxPayloadTypes());
        assertEquals(new HeaderExtensionIds(0, 2, 3, 4, 10, 11, 0), video.extensionIds());
        assertEquals(List.of(), video.layers());
        assertEquals(new Msid("3bba618b-7d0b-4355-ac97-d0af19ad85fe", "7f5c5f40-3393-4ea3-af30-17567f0ec60c"),
                video.msid().orElseThrow());
        assertTrue(video.rids().isEmpty());
    }

    @Test
    void chromeRemoteTransportComesFromTheBundleTag() throws SdpNegotiationException {
        PublisherNegotiation result = answer(SdpFixtures.text(SdpFixtures.CHROME_OFFER));
        assertEquals("VJNx", result.remoteIceUfrag());
        assertEquals("BUwPiKxIteUxuGOs21crG326", result.remoteIcePwd());
        assertEquals(SetupRole.ACTPASS, result.remoteSetup());
        assertTrue(result.remoteFingerprint().matches(Fingerprint.of("SHA-256",
                "52:45:7a:92:66:16:ce:70:98:ed:3e:15:cd:37:8d:d5:f1:ad:09:13:56:9f:d0:7a:2b:84:cb:48:19:4d:4a:48")));
        assertEquals(4, result.remoteCandidates().size());
        assertTrue(result.remoteCandidates().get(0).contains(" 58758 typ host"), "candidates of mid 0, not mid 1");
    }

    @Test
    void firefoxOfferAnswer() throws SdpNegotiationException {
        PublisherNegotiation result = answer(SdpFixtures.text(SdpFixtures.FIREFOX_OFFER));
        SessionDescription answer = result.answer();
        assertEquals(List.of("0", "1"), answer.bundleMids());
        assertFalse(answer.extmapAllowMixed() && !answer.toSdp().contains("a=extmap-allow-mixed"));

        MediaSection audio = answer.media().get(0);
        assertEquals(List.of(109), payloadTypes(audio));
        assertEquals("maxplaybackrate=48000;stereo=1;useinbandfec=1", audio.codecs().get(0).fmtpLine());
        assertEquals(List.of(1, 3), audio.extensions().stream().map(HeaderExtension::id).toList(), "csrc-audio-level dropped");

        MediaSection video = answer.media().get(1);
        // VP8 120 (Firefox's first) with rtx 124, then VP9 121 and H264 126 with theirs; ulpfec and red dropped.
        assertEquals(List.of(120, 124, 121, 125, 126, 127), payloadTypes(video));
        assertEquals(List.of(3, 4, 7), video.extensions().stream().map(HeaderExtension::id).toList());
        assertEquals(Optional.of(SetupRole.PASSIVE), video.setup());
        assertEquals(Direction.RECVONLY, video.direction());

        PublishedTrack videoTrack = result.tracks().get(1);
        assertEquals(Map.of(120, 124, 121, 125, 126, 127), videoTrack.rtxPayloadTypes());
        assertEquals(new HeaderExtensionIds(0, 4, 7, 3), videoTrack.extensionIds());
        assertEquals(OptionalLong.of(3390573105L), videoTrack.mediaSsrc());
        assertEquals(OptionalLong.of(1178211439L), videoTrack.rtxSsrc());
        assertEquals(Optional.of("{5b0e7d2c-9f1a-4c3e-8d6b-2a4f1e0c9d7b}"), videoTrack.cname());
        assertEquals("{c3f9e2a1-7b6d-4c5e-8f0a-1b2c3d4e5f60}", videoTrack.msid().orElseThrow().trackId());
        assertEquals(new HeaderExtensionIds(1, 0, 0, 3), result.tracks().get(0).extensionIds());

        // Fingerprint and ice-options come from Firefox's session level; credentials from the section.
        assertEquals("7e1f0c2d", result.remoteIceUfrag());
        assertEquals("A5:4D:CA:18:25:30:BB:1D:6D:13:2C:DE:D6:23:7B:2E:D9:1E:3F:72:1F:CB:19:71:17:44:94:D6:49:3C:9D:5C",
                result.remoteFingerprint().value());
        assertEquals(6, result.remoteCandidates().size());
        assertTrue(result.remote().endOfCandidates());
    }

    @Test
    void simulcastOfferRejectsDataChannelAndReportsRids() throws SdpNegotiationException {
        PublisherNegotiation result = answer(SdpFixtures.text(SdpFixtures.CHROME_SIMULCAST_OFFER));
        SessionDescription answer = result.answer();
        assertEquals(List.of("0", "1"), answer.bundleMids());
        MediaSection data = answer.media().get(2);
        assertEquals(MediaKind.APPLICATION, data.kind());
        assertEquals(0, data.port());
        assertEquals(Optional.of("2"), data.mid());
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        PublishedTrack video = result.tracks().get(1);
        assertEquals(List.of("q", "h", "f"), video.rids());
        assertTrue(video.mediaSsrcs().isEmpty());
        assertEquals(Optional.empty(), video.cname());
        assertTrue(video.msid().isPresent());
    }

    @Test
    void sectionWithoutSupportedCodecIsRejectedWhenAnotherIsUsable() throws SdpNegotiationException {
        // Audio offers only G.711 and red; video stays usable.
        String sdp = SdpFixtures.text(SdpFixtures.CHROME_OFFER)
                .replace("m=audio 58758 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "m=audio 58758 UDP/TLS/RTP/SAVPF 63 0 8");
        PublisherNegotiation result = answer(sdp);
        MediaSection audio = result.answer().media().get(0);
        assertEquals(0, audio.port());
        assertEquals(Optional.of("0"), audio.mid());
        assertEquals(List.of("63"), audio.formats());
        assertEquals(List.of("1"), result.answer().bundleMids());
        assertEquals(List.of("1"), result.tracks().stream().map(PublishedTrack::mid).toList());
        assertEquals("VJNx", result.remoteIceUfrag());
        assertTrue(result.remoteCandidates().get(0).contains(" 44318 typ host"), "transport of mid 1 now");
    }

    @Test
    void recvonlyOfferIsAnsweredInactiveWithoutTrack() throws SdpNegotiationException {
        String sdp = SdpFixtures.text(SdpFixtures.CHROME_OFFER).replaceFirst("a=sendrecv", "a=recvonly");
        PublisherNegotiation result = answer(sdp);
        assertEquals(Direction.INACTIVE, result.answer().media().get(0).direction());
        assertEquals(Direction.RECVONLY, result.answer().media().get(1).direction());
        assertEquals(List.of("1"), result.tracks().stream().map(PublishedTrack::mid).toList());
    }

    @Test
    void h264VariantIsChosenByProfileAndPacketizationMode() throws SdpNegotiationException {
        String sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE v\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 100 101 102 103 104 105\r\n"
                + "a=mid:v\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuv\r\na=setup:actpass\r\n"
                + "a=fingerprint:sha-256 " + LOCAL.fingerprint().value() + "\r\na=rtcp-mux\r\na=sendonly\r\n"
                + "a=rtpmap:100 H264/90000\r\na=fmtp:100 packetization-mode=0;profile-level-id=42e01f\r\n"
                + "a=rtpmap:101 H264/90000\r\na=fmtp:101 packetization-mode=1;profile-level-id=4d001f\r\n"
                + "a=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1;profile-level-id=42001f\r\n"
                + "a=rtpmap:103 H264/90000\r\na=fmtp:103 packetization-mode=1;profile-level-id=42c01f\r\n"
                + "a=rtpmap:104 H264/90000\r\na=fmtp:104 packetization-mode=1;profile-level-id=42e01f\r\n"
                + "a=rtpmap:105 rtx/90000\r\na=fmtp:105 apt=104\r\n";
        PublisherNegotiation result = answer(sdp);
        // 101 (Main) is the first forwardable variant, but 103 is Constrained Baseline, which every subscriber
        // decodes: it goes first; 104 is a second Constrained Baseline (one per variant), so it and its rtx go;
        // Main and Baseline stay as alternatives; 100 has packetization-mode 0.
        assertEquals(List.of(103, 101, 102), payloadTypes(result.answer().media().get(0)));
        assertEquals(Map.of(), result.tracks().get(0).rtxPayloadTypes());
    }

    @Test
    void aReofferPuttingItsOnlyH264FirstIsAnsweredWithH264First() throws SdpNegotiationException {
        // What /patchbay.js offers after publish-codec H264: Constrained Baseline alone among the H264 variants, first.
        String offer = SdpFixtures.text(SdpFixtures.CHROME_OFFER).replace(
                "m=video 44318 UDP/TLS/RTP/SAVPF 96 97 102 103 104 107 108 109",
                "m=video 44318 UDP/TLS/RTP/SAVPF 108 109 96 97");
        MediaSection video = answer(offer).answer().media().get(1);
        assertEquals(108, payloadTypes(video).get(0), "the browser sends the answer's first codec: " + payloadTypes(video));
        assertEquals(List.of(108, 109, 96, 97), payloadTypes(video).subList(0, 4));
    }

    @Test
    void h264MainIsTakenWhenNoConstrainedBaselineIsOffered() throws SdpNegotiationException {
        String sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE v\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 101 102\r\n"
                + "a=mid:v\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuv\r\na=setup:actpass\r\n"
                + "a=fingerprint:sha-256 " + LOCAL.fingerprint().value() + "\r\na=rtcp-mux\r\na=sendonly\r\n"
                + "a=rtpmap:101 H264/90000\r\na=fmtp:101 packetization-mode=1;profile-level-id=4d001f\r\n"
                + "a=rtpmap:102 rtx/90000\r\na=fmtp:102 apt=101\r\n";
        PublisherNegotiation result = answer(sdp);
        assertEquals(List.of(101, 102), payloadTypes(result.answer().media().get(0)));
        assertEquals("packetization-mode=1;profile-level-id=4d001f",
                result.answer().media().get(0).codec(101).orElseThrow().fmtpLine());
    }

    @Test
    void givenSessionIdAndVersionAreWritten() throws SdpNegotiationException {
        SessionDescription offer = SdpFixtures.parse(SdpFixtures.CHROME_OFFER);
        SessionDescription answer = SdpNegotiator.answerPublisherOffer(offer, LOCAL, 77, 3).answer();
        assertEquals(Origin.ofServer(77, 3), answer.origin());
        assertTrue(answer.toSdp().startsWith("v=0\r\no=- 77 3 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"));
    }

    @Test
    void answerRoundTripsThroughText() throws SdpNegotiationException {
        for (String fixture : List.of(SdpFixtures.CHROME_OFFER, SdpFixtures.FIREFOX_OFFER, SdpFixtures.CHROME_SIMULCAST_OFFER)) {
            SessionDescription answer = answer(SdpFixtures.text(fixture)).answer();
            assertEquals(answer, SdpFixtures.parseText(answer.toSdp()), fixture);
        }
    }

    @Test
    void sendingSectionsOverTheTrackLimitAreRejectedInOrder() throws SdpNegotiationException {
        SessionDescription offer = SdpFixtures.parse(SdpFixtures.CHROME_OFFER);
        PublisherNegotiation n = SdpNegotiator.answerPublisherOffer(offer, LOCAL, 1, 1, 1, java.util.Set.of());
        assertEquals(List.of("1"), n.refusedMids());
        assertEquals(List.of("0"), n.tracks().stream().map(PublishedTrack::mid).toList());
        assertEquals(9, n.answer().media().get(0).port());
        assertEquals(0, n.answer().media().get(1).port(), "the video section over the limit is rejected");
        assertEquals(List.of("0"), n.answer().bundleMids());
    }

    @Test
    void alreadyPublishedTracksKeepTheirPlaceUnderTheTrackLimit() throws SdpNegotiationException {
        SessionDescription offer = SdpFixtures.parse(SdpFixtures.CHROME_OFFER);
        PublisherNegotiation n = SdpNegotiator.answerPublisherOffer(offer, LOCAL, 1, 1, 1, java.util.Set.of("1"));
        assertEquals(List.of("0"), n.refusedMids(), "the new audio section, not the published video");
        assertEquals(List.of("1"), n.tracks().stream().map(PublishedTrack::mid).toList());
    }

    @Test
    void anOfferWithinTheTrackLimitRefusesNothing() throws SdpNegotiationException {
        SessionDescription offer = SdpFixtures.parse(SdpFixtures.CHROME_OFFER);
        PublisherNegotiation n = SdpNegotiator.answerPublisherOffer(offer, LOCAL, 1, 1, 2, java.util.Set.of());
        assertEquals(List.of(), n.refusedMids());
        assertEquals(2, n.tracks().size());
    }
}

package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionDescriptionParseTest {

    @Test
    void chromeOfferSessionLevel() {
        SessionDescription sdp = SdpFixtures.parse(SdpFixtures.CHROME_OFFER);
        assertEquals(4354213631675956267L, sdp.origin().sessionId());
        assertEquals(2, sdp.origin().sessionVersion());
        assertEquals("-", sdp.sessionName());
        assertEquals(List.of("0", "1"), sdp.bundleMids());
        assertTrue(sdp.extmapAllowMixed());
        assertEquals(Optional.of("WMS 3bba618b-7d0b-4355-ac97-d0af19ad85fe"), sdp.msidSemantic());
        assertEquals(2, sdp.media().size());
    }

    @Test
    void chromeOfferAudioSection() {
        MediaSection audio = SdpFixtures.parse(SdpFixtures.CHROME_OFFER).media().get(0);
        assertEquals(MediaKind.AUDIO, audio.kind());
        assertEquals(58758, audio.port());
        assertEquals("UDP/TLS/RTP/SAVPF", audio.protocol());
        assertEquals(List.of("111", "63", "9", "0", "8", "13", "110", "126"), audio.formats());
        assertEquals(Optional.of("0"), audio.mid());
        assertEquals(Direction.SENDRECV, audio.direction());
        assertEquals(Optional.of("VJNx"), audio.iceUfrag());
        assertEquals(Optional.of("BUwPiKxIteUxuGOs21crG326"), audio.icePwd());
        assertEquals(List.of("trickle"), audio.iceOptions());
        assertEquals(Optional.of(SetupRole.ACTPASS), audio.setup());
        assertEquals("sha-256", audio.fingerprint().orElseThrow().algorithm());
        assertTrue(audio.fingerprint().orElseThrow().value().startsWith("52:45:7A:92"));
        assertTrue(audio.rtcpMux());
        assertTrue(audio.rtcpRsize());
        assertEquals(4, audio.candidates().size());
        assertTrue(audio.candidates().get(0).startsWith("candidate:2242387447 1 udp 2122194687 192.0.2.2 58758 typ host"));
        assertFalse(audio.endOfCandidates());

        List<RtpCodec> codecs = audio.codecs();
        assertEquals(List.of(111, 63, 9, 0, 8, 13, 110, 126), codecs.stream().map(RtpCodec::payloadType).toList());
        RtpCodec opus = codecs.get(0);
        assertEquals("opus", opus.name());
        assertEquals(48000, opus.clockRateHz());
        assertEquals(2, opus.channels());
        assertEquals("minptime=10;useinbandfec=1", opus.fmtpLine());
        assertEquals(List.of("minptime", "useinbandfec"), List.copyOf(opus.fmtp().keySet()));
        assertEquals("1", opus.fmtp().get("useinbandfec"));
        assertEquals(List.of(RtcpFeedback.TRANSPORT_CC), opus.rtcpFeedback());
        RtpCodec pcmu = audio.codec(0).orElseThrow();
        assertTrue(pcmu.nameIs("pcmu"));
        assertEquals(8000, pcmu.clockRateHz());
        assertEquals(1, pcmu.channels());

        assertEquals(List.of(1, 2, 3, 4), audio.extensions().stream().map(HeaderExtension::id).toList());
        assertEquals(RtpHeaderExtensions.AUDIO_LEVEL, audio.extensions().get(0).uri());
        assertEquals(Optional.empty(), audio.extensions().get(0).direction());

        assertEquals(new Msid("3bba618b-7d0b-4355-ac97-d0af19ad85fe", "b15276c5-21f9-44c0-a9d9-590dc592420e"),
                audio.msid().orElseThrow());
        assertEquals(new SsrcAttribute(2231894001L, "cname", "2VXBhWK/miXJQUZ0"), audio.ssrcs().get(0));
        assertEquals("msid", audio.ssrcs().get(1).name());
        assertEquals(Optional.of("rcvr-rtt=all"), audio.otherAttribute("rtcp-xr"));
        assertEquals(Optional.of("9 IN IP4 0.0.0.0"), audio.rtcp());
    }

    @Test
    void chromeOfferVideoSection() {
        MediaSection video = SdpFixtures.parse(SdpFixtures.CHROME_OFFER).media().get(1);
        assertEquals(MediaKind.VIDEO, video.kind());
        assertEquals(23, video.codecs().size());
        RtpCodec rtx = video.codec(97).orElseThrow();
        assertTrue(rtx.isRtx());
        assertEquals(96, rtx.aptPayloadType().getAsInt());
        RtpCodec h264 = video.codec(108).orElseThrow();
        assertEquals("42e01f", h264.fmtpValue("PROFILE-LEVEL-ID").orElseThrow());
        assertEquals(List.of(RtcpFeedback.GOOG_REMB, RtcpFeedback.TRANSPORT_CC, RtcpFeedback.CCM_FIR,
                RtcpFeedback.NACK, RtcpFeedback.NACK_PLI), h264.rtcpFeedback());
        assertTrue(video.codec(120).orElseThrow().nameIs("ULPFEC"));
        assertEquals(List.of(new SsrcGroup("FID", List.of(1425764598L, 564142531L))), video.ssrcGroups());
        assertEquals(4, video.ssrcs().size());
        assertEquals(14, video.extensions().get(0).id());
        assertEquals("urn:ietf:params:rtp-hdrext:toffset", video.extensions().get(0).uri());
    }

    @Test
    void simulcastOfferKeepsRidsSimulcastAndDataChannelRaw() {
        SessionDescription sdp = SdpFixtures.parse(SdpFixtures.CHROME_SIMULCAST_OFFER);
        MediaSection video = sdp.media().get(1);
        assertEquals(Direction.SENDONLY, video.direction());
        assertEquals(List.of("q send", "h send", "f send"), video.rids());
        assertEquals(Optional.of("send q;h;f"), video.simulcast());
        assertTrue(video.ssrcs().isEmpty());
        MediaSection data = sdp.media().get(2);
        assertEquals(MediaKind.APPLICATION, data.kind());
        assertEquals("UDP/DTLS/SCTP", data.protocol());
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        assertTrue(data.codecs().isEmpty());
        assertEquals(Optional.of("5000"), data.otherAttribute("sctp-port"));
        assertEquals(Optional.of("262144"), data.otherAttribute("max-message-size"));
    }

    @Test
    void firefoxSessionLevelValuesAreInheritedBySections() {
        SessionDescription sdp = SdpFixtures.parse(SdpFixtures.FIREFOX_OFFER);
        assertEquals("mozilla...THIS_IS_SDPARTA-128.0", sdp.origin().username());
        assertEquals(1, sdp.fingerprints().size());
        assertEquals(Optional.of(Direction.SENDRECV), sdp.direction());
        assertEquals(List.of("trickle"), sdp.iceOptions());
        assertEquals(Optional.of("WMS *"), sdp.msidSemantic());
        for (MediaSection section : sdp.media()) {
            assertEquals(sdp.fingerprints(), section.fingerprints(), "fingerprint inherited");
            assertEquals(List.of("trickle"), section.iceOptions(), "ice-options inherited");
            assertEquals(Optional.of("7e1f0c2d"), section.iceUfrag());
            assertTrue(section.extmapAllowMixed());
            assertTrue(section.endOfCandidates());
        }
    }

    @Test
    void firefoxCodecsExtmapDirectionsAndSsrcs() {
        SessionDescription sdp = SdpFixtures.parse(SdpFixtures.FIREFOX_OFFER);
        MediaSection audio = sdp.media().get(0);
        assertEquals(Optional.of(Direction.RECVONLY), audio.extensions().get(1).direction());
        assertEquals("maxplaybackrate=48000;stereo=1;useinbandfec=1", audio.codec(109).orElseThrow().fmtpLine());
        assertEquals(1, audio.codec(9).orElseThrow().channels());
        assertEquals("0-15", audio.codec(101).orElseThrow().fmtpLine());
        assertEquals(6, audio.candidates().size());
        assertEquals(Optional.of("49316 IN IP4 198.51.100.23"), audio.rtcp());

        MediaSection video = sdp.media().get(1);
        assertEquals(List.of(120, 124, 121, 125, 126, 127, 97, 98, 123, 122, 119),
                video.codecs().stream().map(RtpCodec::payloadType).toList());
        assertEquals(126, video.codec(127).orElseThrow().aptPayloadType().getAsInt());
        assertEquals(Optional.empty(), video.codec(97).orElseThrow().fmtpValue("packetization-mode"));
        assertEquals(new Msid("{1d4f7a3e-5b2c-4e8f-9a61-3c7d2e9b0f14}", "{c3f9e2a1-7b6d-4c5e-8f0a-1b2c3d4e5f60}"),
                video.msid().orElseThrow());
        assertEquals(List.of(3390573105L, 1178211439L), video.ssrcGroups().get(0).ssrcs());
    }

    @Test
    void acceptsBareLineFeedsAndTrailingBlankLines() throws SdpParseException {
        String crlf = SdpFixtures.text(SdpFixtures.CHROME_OFFER);
        SessionDescription fromLf = SessionDescription.parse(crlf.replace("\r\n", "\n") + "\n\n");
        assertEquals(SessionDescription.parse(crlf), fromLf);
    }

    @Test
    void writesCrlfLineEndingsOnly() {
        String out = SdpFixtures.parse(SdpFixtures.FIREFOX_OFFER).toSdp();
        assertTrue(out.endsWith("\r\n"));
        assertEquals(out.split("\n", -1).length - 1, out.split("\r\n", -1).length - 1, "every LF is preceded by CR");
    }

    @Test
    void dynamicPayloadTypeWithoutRtpmapIsLeftOutOfCodecsButKept() throws SdpParseException {
        String sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96 100\r\na=mid:0\r\na=rtpmap:96 VP8/90000\r\na=fmtp:100 x=1\r\n"
                + "a=rtcp-fb:100 nack\r\n";
        MediaSection section = SessionDescription.parse(sdp).media().get(0);
        assertEquals(List.of("96", "100"), section.formats());
        assertEquals(List.of(96), section.codecs().stream().map(RtpCodec::payloadType).toList());
        assertEquals(List.of("fmtp:100 x=1", "rtcp-fb:100 nack"), section.otherAttributes());
    }

    @Test
    void wildcardRtcpFeedbackIsKeptAtSectionLevel() throws SdpParseException {
        String sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=rtpmap:96 VP8/90000\r\na=rtcp-fb:* nack\r\n";
        MediaSection section = SessionDescription.parse(sdp).media().get(0);
        assertEquals(List.of(RtcpFeedback.NACK), section.wildcardRtcpFeedback());
        assertTrue(section.codecs().get(0).rtcpFeedback().isEmpty());
    }
}

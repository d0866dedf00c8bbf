package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubscriberOfferTest {
    private static final LocalTransport LOCAL = SdpFixtures.LOCAL;

    private static SessionDescription reparsed(SessionDescription offer) {
        SessionDescription parsed = SdpFixtures.parseText(offer.toSdp());
        assertEquals(offer, parsed, "the offer round-trips");
        return parsed;
    }

    @Test
    void noTracksGivesASessionWithoutMediaOrBundle() {
        SessionDescription offer = reparsed(SdpNegotiator.buildSubscriberOffer(LOCAL, 5, 1, List.of()));
        assertTrue(offer.media().isEmpty());
        assertTrue(offer.groups().isEmpty());
        assertEquals(Origin.ofServer(5, 1), offer.origin());
        assertEquals("v=0\r\no=- 5 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS *\r\n"
                + "a=ice-lite\r\n", offer.toSdp());
        assertTrue(offer.iceLite(), "the client must be the controlling ICE agent on the connection the server offers");
    }

    @Test
    void oneAudioTrack() {
        SubscribedTrack track = SubscriberFixtures.tracks(false).get(0);
        SessionDescription offer = reparsed(SdpNegotiator.buildSubscriberOffer(LOCAL, 5, 1, List.of(track)));
        assertEquals(List.of("0"), offer.bundleMids());
        assertTrue(offer.extmapAllowMixed());
        assertEquals(Optional.of("WMS *"), offer.msidSemantic());
        MediaSection audio = offer.media().get(0);
        assertEquals(MediaKind.AUDIO, audio.kind());
        assertEquals(9, audio.port());
        assertEquals("UDP/TLS/RTP/SAVPF", audio.protocol());
        assertEquals(List.of("111"), audio.formats(), "opus gets 111 whatever the publisher used (109)");
        assertEquals(Optional.of(SetupRole.ACTPASS), audio.setup());
        assertEquals(Direction.SENDONLY, audio.direction());
        assertEquals(Optional.of("srvU"), audio.iceUfrag());
        assertEquals(List.of("trickle"), audio.iceOptions());
        assertEquals(Optional.of(LOCAL.fingerprint()), audio.fingerprint());
        assertTrue(audio.rtcpMux());
        assertTrue(audio.rtcpRsize());
        assertEquals(Optional.of(new Msid("alice", "a-audio")), audio.msid());
        RtpCodec opus = audio.codecs().get(0);
        assertEquals("opus/48000/2", opus.toRtpmapValue());
        assertEquals("minptime=10;useinbandfec=1", opus.fmtpLine());
        assertEquals(List.of(RtcpFeedback.TRANSPORT_CC), opus.rtcpFeedback());
        assertEquals(List.of(HeaderExtension.of(1, RtpHeaderExtensions.AUDIO_LEVEL),
                HeaderExtension.of(2, RtpHeaderExtensions.ABS_SEND_TIME),
                HeaderExtension.of(3, RtpHeaderExtensions.TRANSPORT_CC),
                HeaderExtension.of(4, RtpHeaderExtensions.MID)), audio.extensions());
        assertEquals(List.of(new SsrcAttribute(1111, "cname", "srvcname"), new SsrcAttribute(1111, "msid", "alice a-audio")),
                audio.ssrcs());
        String text = offer.toSdp();
        assertTrue(text.contains("\r\na=ssrc:1111 cname:srvcname\r\na=ssrc:1111 msid:alice a-audio\r\n"));
        assertFalse(text.contains("a=candidate"));
    }

    @Test
    void threeTracksWithOneEnded() {
        SessionDescription offer = reparsed(SubscriberFixtures.offer(true));
        assertEquals(List.of("0", "2"), offer.bundleMids(), "the ended track leaves the BUNDLE group");
        assertEquals(List.of(Optional.of("0"), Optional.of("1"), Optional.of("2")),
                offer.media().stream().map(MediaSection::mid).toList(), "sections keep their place");

        MediaSection ended = offer.media().get(1);
        assertEquals(0, ended.port());
        assertEquals(Direction.INACTIVE, ended.direction());
        assertEquals(List.of("96"), ended.formats());
        assertTrue(ended.ssrcs().isEmpty());
        assertTrue(ended.msids().isEmpty());

        MediaSection h264 = offer.media().get(2);
        assertEquals(List.of("102"), h264.formats(), "H264 gets 102 whatever the publisher used (126)");
        assertEquals("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", h264.codecs().get(0).fmtpLine());
        assertEquals(List.of(RtcpFeedback.CCM_FIR, RtcpFeedback.NACK, RtcpFeedback.NACK_PLI, RtcpFeedback.TRANSPORT_CC),
                h264.codecs().get(0).rtcpFeedback());
        assertEquals(List.of(2, 3, 4), h264.extensions().stream().map(HeaderExtension::id).toList());
        assertEquals(Optional.of(new Msid("bob", "b-video")), h264.msid());
        assertEquals(3333, h264.ssrcs().get(0).ssrc());
    }

    @Test
    void allTracksEndedKeepsOnlyTheFirstSectionAsAnIdleBundleTag() {
        List<SubscribedTrack> ended = SubscriberFixtures.tracks(false).stream()
                .map(t -> new SubscribedTrack(t.mid(), t.kind(), false, t.codec(), t.ssrc(), t.cname(), t.streamId(), t.trackId()))
                .toList();
        SessionDescription offer = reparsed(SdpNegotiator.buildSubscriberOffer(LOCAL, 5, 4, ended));
        // Rejecting the BUNDLE tag would make the browser move the bundle to a new transport (RFC 8843 7.3.3).
        MediaSection tag = offer.media().get(0);
        assertEquals(List.of(tag.mid().orElseThrow()), offer.bundleMids());
        assertEquals(9, tag.port());
        assertEquals(Direction.INACTIVE, tag.direction());
        assertTrue(tag.msids().isEmpty() && tag.ssrcs().isEmpty(), "the idle tag names no track");
        assertEquals(3, offer.media().size());
        assertTrue(offer.media().stream().skip(1).allMatch(m -> m.port() == 0));
    }

    @Test
    void canonicalPayloadTypesAreUsedWhateverThePublisherNumbers() {
        List<RtpCodec> publisherCodecs = List.of(
                RtpCodec.of(100, "vp8", 90000, 1),
                new RtpCodec(121, "VP9", 90000, 1, "profile-id=0", List.of()),
                RtpCodec.of(35, "AV1", 90000, 1));
        List<Integer> expected = List.of(96, 98, 45);
        for (int i = 0; i < publisherCodecs.size(); i++) {
            SubscribedTrack track = new SubscribedTrack("0", MediaKind.VIDEO, true, publisherCodecs.get(i), 1, "c", "s", "t");
            SessionDescription offer = SdpNegotiator.buildSubscriberOffer(LOCAL, 5, 1, List.of(track));
            assertEquals(expected.get(i), offer.media().get(0).codecs().get(0).payloadType());
        }
    }

    @Test
    void duplicateMidsOrUnsupportedCodecsAreProgrammingErrors() {
        SubscribedTrack track = SubscriberFixtures.tracks(false).get(0);
        assertThrows(IllegalArgumentException.class,
                () -> SdpNegotiator.buildSubscriberOffer(LOCAL, 5, 1, List.of(track, track)));
        SubscribedTrack pcmu = new SubscribedTrack("0", MediaKind.AUDIO, true, RtpCodec.of(0, "PCMU", 8000, 1), 1, "c", "s", "t");
        assertThrows(IllegalArgumentException.class, () -> SdpNegotiator.buildSubscriberOffer(LOCAL, 5, 1, List.of(pcmu)));
    }

    @Test
    void videoWithRtxSsrcOffersRtxAndAnFidGroup() {
        SubscribedTrack base = SubscriberFixtures.tracks(false).get(1);
        SubscribedTrack withRtx = new SubscribedTrack(base.mid(), base.kind(), true, base.codec(), 1111, base.cname(),
                base.streamId(), base.trackId(), 2222);
        MediaSection video = reparsed(SdpNegotiator.buildSubscriberOffer(LOCAL, 5, 4, List.of(withRtx))).media().get(0);
        assertEquals(List.of("96", "97"), video.formats());
        RtpCodec rtx = video.codec(97).orElseThrow();
        assertTrue(rtx.isRtx());
        assertEquals(96, rtx.aptPayloadType().getAsInt());
        assertEquals(List.of(new SsrcGroup(SsrcGroup.FID, List.of(1111L, 2222L))), video.ssrcGroups());
        assertEquals(4, video.ssrcs().size(), "cname and msid for both SSRCs");
    }

    @Test
    void audioWithRedOffersRedFirstOverCanonicalOpus() {
        SubscribedTrack base = SubscriberFixtures.tracks(false).get(0);
        SubscribedTrack red = new SubscribedTrack(base.mid(), base.kind(), true, base.codec(), 1111, base.cname(),
                base.streamId(), base.trackId(), 0, true);
        MediaSection audio = reparsed(SdpNegotiator.buildSubscriberOffer(LOCAL, 5, 4, List.of(red))).media().get(0);
        assertEquals(List.of("63", "111"), audio.formats());
        assertEquals("111/111", audio.codec(63).orElseThrow().fmtpLine());
    }
}

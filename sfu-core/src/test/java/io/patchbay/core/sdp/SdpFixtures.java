package io.patchbay.core.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test descriptions in src/test/resources/sdp.
 *
 * <ul>
 *   <li>chrome-offer.sdp: captured from Chromium 156 (headless, fake devices): getUserMedia audio+video,
 *       addTrack, createOffer, setLocalDescription; candidates gathered.</li>
 *   <li>chrome-simulcast-offer.sdp: captured from Chromium 156: max-bundle, sendonly audio, video with three
 *       rids (q, h, f), and a data channel.</li>
 *   <li>firefox-offer.sdp: HAND-RECONSTRUCTED (no Firefox on this machine) from the format of Firefox 128
 *       offers: session-level fingerprint and a=sendrecv, per-section ICE credentials, fmtp before rtpmap,
 *       VP8 120/rtx 124, VP9 121/rtx 125, H264 126 (mode 1)/rtx 127 and 97 (mode 0)/rtx 98, ulpfec 123,
 *       red 122/rtx 119, opus 109, {uuid} msids, ssrc-group:FID, RTCP component 2 candidates.</li>
 *   <li>chrome-subscriber-answer.sdp, chrome-subscriber-answer-renegotiated.sdp: captured from Chromium 156,
 *       its answers to {@link SubscriberFixtures#offer(boolean)} (the second with track mid 1 ended).</li>
 * </ul>
 */
public final class SdpFixtures {
    static final String CHROME_OFFER = "chrome-offer.sdp";
    static final String CHROME_SIMULCAST_OFFER = "chrome-simulcast-offer.sdp";
    static final String FIREFOX_OFFER = "firefox-offer.sdp";
    static final String CHROME_SUBSCRIBER_ANSWER = "chrome-subscriber-answer.sdp";
    static final String CHROME_SUBSCRIBER_ANSWER_RENEGOTIATED = "chrome-subscriber-answer-renegotiated.sdp";

    static final List<String> ALL = List.of(CHROME_OFFER, CHROME_SIMULCAST_OFFER, FIREFOX_OFFER,
            CHROME_SUBSCRIBER_ANSWER, CHROME_SUBSCRIBER_ANSWER_RENEGOTIATED);

    /** The server's transport used in every test. */
    public static final LocalTransport LOCAL = new LocalTransport("srvU", "serverpasswordserverpw", Fingerprint.sha256(new byte[32]));

    private SdpFixtures() {
    }

    static String text(String name) {
        try (InputStream in = SdpFixtures.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Chrome's offer with its H264 payload types ahead of VP8 (as {@code setCodecPreferences} puts them). */
    static String chromeOfferPreferringH264() {
        return text(CHROME_OFFER).replace("m=video 44318 UDP/TLS/RTP/SAVPF 96 97 102 103 104 107 108 109",
                "m=video 44318 UDP/TLS/RTP/SAVPF 102 103 104 107 108 109 96 97");
    }

    static SessionDescription parse(String name) {
        return parseText(text(name));
    }

    static SessionDescription parseText(String sdp) {
        try {
            return SessionDescription.parse(sdp);
        } catch (SdpParseException e) {
            throw new AssertionError("fixture does not parse: " + e.code() + " " + e.getMessage(), e);
        }
    }

    /** The text with every line that starts with {@code prefix} removed. */
    static String withoutLines(String sdp, String prefix) {
        StringBuilder out = new StringBuilder();
        for (String line : sdp.split("\r\n")) {
            if (!line.startsWith(prefix)) {
                out.append(line).append("\r\n");
            }
        }
        return out.toString();
    }
}

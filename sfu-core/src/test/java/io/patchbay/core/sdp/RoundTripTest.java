package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {

    static Iterable<String> fixtures() {
        return SdpFixtures.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void parseWriteParseGivesAnEqualModel(String fixture) {
        SessionDescription first = SdpFixtures.parse(fixture);
        SessionDescription second = SdpFixtures.parseText(first.toSdp());
        assertEquals(first, second);
        assertEquals(first.toSdp(), second.toSdp());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void writingKeepsEveryOriginalLine(String fixture) {
        // The writer may add inherited or default lines and reorder attributes, but drops none. Two spellings
        // are normalized: "msid-semantic:WMS" gets Chrome's space, and a channel count of 1 is left out.
        String original = SdpFixtures.text(fixture);
        String written = SdpFixtures.parse(fixture).toSdp();
        for (String line : original.split("\r\n")) {
            String expected = line.replace("a=msid-semantic:WMS", "a=msid-semantic: WMS")
                    .replaceAll("^(a=rtpmap:\\d+ [^/]+/\\d+)/1$", "$1");
            assertEquals(true, written.contains(expected + "\r\n"), "missing line: " + line);
        }
    }

    static List<String> unusualInputs() {
        String head = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";
        return List.of(
                // session-level lines of every kept type, in RFC order, and a non-ASCII session name
                "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=Sitzung \u00fcber SDP\r\ni=info\r\nu=http://x\r\ne=a@b\r\n"
                        + "p=+1 555\r\nc=IN IP4 0.0.0.0\r\nb=AS:100\r\nt=1 2\r\nr=7d 1h 0 25h\r\nt=3 4\r\nz=0 -1h\r\n"
                        + "k=prompt\r\na=ice-lite\r\n",
                // an attribute ending in a non-ASCII space as the last line, tabs inside values
                head + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=x-note:keep\u2003\r\n",
                head + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=extmap:1\turn:x\tattr\r\na=ssrc:1\tcname:a\r\n",
                // bundle-only with port 0, port count, i=/b= around c=, wildcard feedback, unknown dynamic pt
                head + "a=group:BUNDLE a b\r\nm=video 9/2 UDP/TLS/RTP/SAVPF 96 35\r\nb=AS:500\r\ni=cam\r\n"
                        + "c=IN IP4 0.0.0.0\r\na=mid:a\r\na=rtpmap:96 VP8/90000\r\na=rtcp-fb:* nack\r\n"
                        + "a=fmtp:35 x=1\r\nm=audio 0 UDP/TLS/RTP/SAVPF 111\r\na=bundle-only\r\na=mid:b\r\n"
                        + "a=rtpmap:111 opus/48000/2\r\n",
                // session-level transport values that sections override or inherit
                head + "a=ice-ufrag:sess\r\na=ice-pwd:sessionpasswordsession\r\na=setup:actpass\r\na=recvonly\r\n"
                        + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=ice-ufrag:own1\r\n"
                        + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:1\r\na=sendonly\r\n",
                // a section at the line limit once its implied direction and static rtpmap are written
                head + "m=audio 9 RTP/AVP 0\r\n" + "a=x-foo\r\n".repeat(SdpLimits.MAX_ATTRIBUTES_PER_SECTION - 2),
                // bare LF line endings
                head.replace("\r\n", "\n") + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\na=mid:d\na=sctp-port:5000\n");
    }

    @ParameterizedTest
    @MethodSource("unusualInputs")
    void unusualButValidInputsRoundTrip(String sdp) {
        SessionDescription first = SdpFixtures.parseText(sdp);
        SessionDescription second = SdpFixtures.parseText(first.toSdp());
        assertEquals(first, second);
        assertEquals(first.toSdp(), second.toSdp());
    }
}

package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Untrusted input that must be refused with a typed code, never with another exception. */
class MalformedSdpTest {
    private static final String HEAD = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";
    private static final String AUDIO = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n";
    private static final String FP = "A5:4D:CA:18:25:30:BB:1D:6D:13:2C:DE:D6:23:7B:2E:D9:1E:3F:72:1F:CB:19:71:17:44:94:D6:49:3C:9D:5C";

    /** A minimal valid description plus the given lines in an audio section. */
    private static String audioWith(String lines) {
        return HEAD + AUDIO + lines;
    }

    private static Arguments row(String name, String sdp, String code) {
        return Arguments.of(name, sdp, code);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("null", null, "sdp-empty"),
                row("empty", "", "sdp-empty"),
                row("only whitespace", " \r\n\r\n ", "sdp-empty"),
                row("binary junk", "v=0\r\n\u0000\u0001\u0002\u00ff\u0003", "sdp-bad-character"),
                row("DEL character", HEAD + "a=x\u007f\r\n", "sdp-bad-character"),
                row("huge input", HEAD + "a=x:" + "y".repeat(250_000) + "\r\n", "sdp-too-large"),
                row("20000 m-lines", HEAD + "m=audio 9 RTP/AVP 0\r\n".repeat(20_000), "sdp-too-large"),
                row("321 m-sections", HEAD + "m=audio 9 RTP/AVP 0\r\n".repeat(SdpLimits.MAX_MEDIA_SECTIONS + 1),
                        "sdp-too-many-sections"),
                row("300 attributes in one section", audioWith("a=x-foo\r\n".repeat(300)), "sdp-too-many-attributes"),
                // The limit counts lines as written back: an implied a=sendrecv, the rtpmap of a static payload type.
                row("256 lines and an implied direction",
                        audioWith("a=x-foo\r\n".repeat(SdpLimits.MAX_ATTRIBUTES_PER_SECTION - 1)), "sdp-too-many-attributes"),
                row("256 lines and two implied rtpmaps", HEAD + "m=audio 9 RTP/AVP 0 8\r\na=sendrecv\r\n"
                        + "a=x-foo\r\n".repeat(SdpLimits.MAX_ATTRIBUTES_PER_SECTION - 2), "sdp-too-many-attributes"),
                row("300 session attributes", HEAD + "a=x-foo\r\n".repeat(300), "sdp-too-many-attributes"),
                row("line longer than 4096", HEAD + "a=x:" + "y".repeat(5000) + "\r\n", "sdp-too-large"),
                row("does not start with v=", "o=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "sdp-missing-line"),
                row("version 1", "v=1\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "sdp-unsupported"),
                row("version text", "v=zero\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "sdp-malformed"),
                row("missing o=", "v=0\r\ns=-\r\nt=0 0\r\n", "sdp-missing-line"),
                row("missing s=", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nt=0 0\r\n", "sdp-missing-line"),
                row("missing t=", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n" + AUDIO, "sdp-missing-line"),
                row("only v=", "v=0", "sdp-missing-line"),
                row("line without =", HEAD + "hello\r\n", "sdp-malformed"),
                row("upper-case type", "V=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "sdp-malformed"),
                row("unknown line type", HEAD + "x=1\r\n", "sdp-malformed"),
                row("second v= line", HEAD + "v=0\r\n", "sdp-duplicate"),
                row("empty line in the middle", "v=0\r\n\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "sdp-malformed"),
                row("bare CR inside a line", HEAD + AUDIO + "a=rtcp-mux\rx\r\n", "sdp-malformed"),
                row("negative session id", "v=0\r\no=- -5 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "sdp-bad-number"),
                row("session id overflows a long", "v=0\r\no=- 99999999999999999999 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "sdp-bad-number"),
                row("session id 2^63", "v=0\r\no=- 9223372036854775808 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "sdp-bad-number"),
                row("session version with a plus sign", "v=0\r\no=- 1 +1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "sdp-bad-number"),
                row("o= with five fields", "v=0\r\no=- 1 1 IN IP4\r\ns=-\r\nt=0 0\r\n", "sdp-malformed"),
                row("m-line with non-numeric port", HEAD + "m=audio abc UDP/TLS/RTP/SAVPF 111\r\n", "sdp-bad-number"),
                row("m-line with negative port", HEAD + "m=audio -1 UDP/TLS/RTP/SAVPF 111\r\n", "sdp-bad-number"),
                row("m-line port above 65535", HEAD + "m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n", "sdp-bad-number"),
                row("m-line port count 0", HEAD + "m=audio 9/0 UDP/TLS/RTP/SAVPF 111\r\n", "sdp-bad-number"),
                row("m-line without formats", HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF\r\n", "sdp-malformed"),
                row("payload type 128", HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF 128\r\n", "sdp-bad-number"),
                row("payload type not a number", HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF opus\r\n", "sdp-bad-number"),
                row("payload type listed twice", HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF 111 111\r\n", "sdp-duplicate"),
                row("text media", HEAD + "m=text 9 UDP/TLS/RTP/SAVPF 98\r\n", "sdp-unsupported"),
                row("rtpmap with text clock rate", audioWith("a=rtpmap:111 opus/fast/2\r\n"), "sdp-bad-number"),
                row("rtpmap with zero clock rate", audioWith("a=rtpmap:111 opus/0/2\r\n"), "sdp-bad-number"),
                row("rtpmap with negative clock rate", audioWith("a=rtpmap:111 opus/-48000/2\r\n"), "sdp-bad-number"),
                row("rtpmap clock rate overflows an int", audioWith("a=rtpmap:111 opus/4294967296/2\r\n"), "sdp-bad-number"),
                row("rtpmap without clock rate", audioWith("a=rtpmap:111 opus\r\n"), "sdp-malformed"),
                row("rtpmap with zero channels", audioWith("a=rtpmap:111 opus/48000/0\r\n"), "sdp-bad-number"),
                row("rtpmap with 4 parts", audioWith("a=rtpmap:111 opus/48000/2/1\r\n"), "sdp-malformed"),
                row("rtpmap twice", audioWith("a=rtpmap:111 opus/48000/2\r\na=rtpmap:111 opus/48000/2\r\n"), "sdp-duplicate"),
                row("fmtp with text payload type", audioWith("a=fmtp:abc minptime=10\r\n"), "sdp-bad-number"),
                row("fmtp twice", audioWith("a=fmtp:111 a=1\r\na=fmtp:111 b=1\r\n"), "sdp-duplicate"),
                row("rtcp-fb without a type", audioWith("a=rtcp-fb:111\r\n"), "sdp-malformed"),
                row("extmap id 0", audioWith("a=extmap:0 urn:x\r\n"), "sdp-bad-number"),
                row("extmap id 256", audioWith("a=extmap:256 urn:x\r\n"), "sdp-bad-number"),
                row("extmap with bad direction", audioWith("a=extmap:1/sideways urn:x\r\n"), "sdp-malformed"),
                row("extmap without URI", audioWith("a=extmap:1\r\n"), "sdp-malformed"),
                row("extmap id twice", audioWith("a=extmap:1 urn:x\r\na=extmap:1 urn:y\r\n"), "sdp-duplicate"),
                row("ssrc above 2^32-1", audioWith("a=ssrc:4294967296 cname:x\r\n"), "sdp-bad-number"),
                row("negative ssrc", audioWith("a=ssrc:-1 cname:x\r\n"), "sdp-bad-number"),
                row("ssrc without attribute", audioWith("a=ssrc:1\r\n"), "sdp-malformed"),
                row("ssrc-group without ssrcs", audioWith("a=ssrc-group:FID\r\n"), "sdp-malformed"),
                row("ssrc-group with text ssrc", audioWith("a=ssrc-group:FID 1 two\r\n"), "sdp-bad-number"),
                row("fingerprint with bad hex", audioWith("a=fingerprint:sha-256 " + FP.replace("A5", "ZZ") + "\r\n"), "sdp-bad-fingerprint"),
                row("fingerprint too short for sha-256", audioWith("a=fingerprint:sha-256 AB:CD\r\n"), "sdp-bad-fingerprint"),
                row("fingerprint without hash name", audioWith("a=fingerprint:" + FP + "\r\n"), "sdp-bad-fingerprint"),
                row("fingerprint without colons", audioWith("a=fingerprint:sha-256 " + FP.replace(":", "") + "\r\n"), "sdp-bad-fingerprint"),
                row("ice-ufrag too short", audioWith("a=ice-ufrag:abc\r\n"), "sdp-malformed"),
                row("ice-pwd with a bad character", audioWith("a=ice-pwd:abcdefghijklmnopqrstu!\r\n"), "sdp-malformed"),
                row("ice-ufrag twice", audioWith("a=ice-ufrag:abcd\r\na=ice-ufrag:efgh\r\n"), "sdp-duplicate"),
                row("setup with unknown role", audioWith("a=setup:bogus\r\n"), "sdp-malformed"),
                row("two mids in a section", audioWith("a=mid:1\r\n"), "sdp-duplicate"),
                row("same mid in two sections", HEAD + AUDIO + AUDIO, "sdp-duplicate"),
                row("two directions", audioWith("a=sendrecv\r\na=recvonly\r\n"), "sdp-duplicate"),
                row("direction with a value", audioWith("a=sendrecv:yes\r\n"), "sdp-malformed"),
                row("rtcp-mux with a value", audioWith("a=rtcp-mux:1\r\n"), "sdp-malformed"),
                row("candidate without typ", audioWith("a=candidate:1 1 udp 2122194687 192.0.2.2 58758 host\r\n"), "sdp-malformed"),
                row("candidate with bad port", audioWith("a=candidate:1 1 udp 2122194687 192.0.2.2 99999 typ host\r\n"), "sdp-bad-number"),
                row("candidate with priority overflow", audioWith("a=candidate:1 1 udp 99999999999 192.0.2.2 9 typ host\r\n"), "sdp-bad-number"),
                row("rtcp with bad port", audioWith("a=rtcp:port IN IP4 0.0.0.0\r\n"), "sdp-bad-number"),
                row("empty attribute", audioWith("a=\r\n"), "sdp-malformed"),
                row("attribute with empty name", audioWith("a=:x\r\n"), "sdp-malformed"),
                row("msid with three ids", audioWith("a=msid:a b c\r\n"), "sdp-malformed"),
                row("c= with two fields", audioWith("c=IN IP4\r\n"), "sdp-malformed"),
                row("two c= lines in a section", audioWith("c=IN IP4 0.0.0.0\r\nc=IN IP4 0.0.0.0\r\n"), "sdp-duplicate"),
                row("s= inside a section", audioWith("s=-\r\n"), "sdp-malformed"),
                row("group lists a mid twice", HEAD + "a=group:BUNDLE 0 0\r\n", "sdp-duplicate"),
                row("group without semantics", HEAD + "a=group:\r\n", "sdp-malformed"),
                row("second simulcast", audioWith("a=simulcast:send a\r\na=simulcast:send b\r\n"), "sdp-duplicate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithTypedCode(String name, String sdp, String code) {
        SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(sdp));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().length() < 300, "messages stay short: " + e.getMessage().length());
    }

    @Test
    void messageNamesTheLineNumber() {
        SdpParseException e = assertThrows(SdpParseException.class,
                () -> SessionDescription.parse(HEAD + "m=audio abc UDP/TLS/RTP/SAVPF 111\r\n"));
        assertEquals(5, e.lineNumber());
        assertTrue(e.getMessage().startsWith("line 5: "), e.getMessage());
        assertEquals(SdpParseError.BAD_NUMBER, e.error());
    }

    @Test
    void binaryJunkIsReportedAtItsLine() {
        SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(HEAD + "a=x\u0000\r\n"));
        assertEquals(5, e.lineNumber());
    }
}

package io.patchbay.media.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Rfc7983Test {

    static Stream<Arguments> firstByteRanges() {
        return Stream.of(
                Arguments.of("STUN binding request starts with 0x00", 0x00, PacketClass.STUN),
                Arguments.of("top of the STUN range", 3, PacketClass.STUN),
                Arguments.of("gap between STUN and ZRTP", 4, PacketClass.UNKNOWN),
                Arguments.of("gap just below ZRTP", 15, PacketClass.UNKNOWN),
                Arguments.of("bottom of ZRTP", 16, PacketClass.ZRTP),
                Arguments.of("top of ZRTP", 19, PacketClass.ZRTP),
                Arguments.of("DTLS change_cipher_spec", 20, PacketClass.DTLS),
                Arguments.of("DTLS handshake", 22, PacketClass.DTLS),
                Arguments.of("DTLS application_data", 23, PacketClass.DTLS),
                Arguments.of("top of DTLS", 63, PacketClass.DTLS),
                Arguments.of("bottom of TURN channel", 64, PacketClass.TURN_CHANNEL),
                Arguments.of("top of TURN channel", 79, PacketClass.TURN_CHANNEL),
                Arguments.of("gap between TURN and RTP", 80, PacketClass.UNKNOWN),
                Arguments.of("just below RTP", 127, PacketClass.UNKNOWN),
                Arguments.of("RTP V=2 no flags", 0x80, PacketClass.RTP_RTCP),
                Arguments.of("RTP V=2 all flags, CC=15", 0xBF, PacketClass.RTP_RTCP),
                Arguments.of("version 3 is not RTP", 0xC0, PacketClass.UNKNOWN),
                Arguments.of("0xFF", 0xFF, PacketClass.UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstByteRanges")
    void classifiesByFirstByte(String name, int firstByte, PacketClass expected) {
        byte[] buf = {(byte) firstByte, 0x00};
        assertEquals(expected, Rfc7983.classify(buf, 0, buf.length));
    }

    @Test
    void emptyOrOutOfBoundsRegionIsUnknown() {
        byte[] buf = {(byte) 0x80, 0x60};
        assertEquals(PacketClass.UNKNOWN, Rfc7983.classify(buf, 0, 0));
        assertEquals(PacketClass.UNKNOWN, Rfc7983.classify(buf, 2, 1));
        assertEquals(PacketClass.UNKNOWN, Rfc7983.classify(buf, -1, 1));
        assertEquals(PacketClass.UNKNOWN, Rfc7983.classify(null, 0, 1));
        assertEquals(PacketClass.RTP_RTCP, Rfc7983.classify(buf, 0, 1));
    }

    static Stream<Arguments> rtpOrRtcp() {
        return Stream.of(
                Arguments.of("RTP PT=96, M=0", "80 60", false),
                Arguments.of("RTP PT=111 with marker: second byte 0xEF", "80 EF", false),
                Arguments.of("RTP PT=0 with marker: second byte 0x80", "80 80", false),
                Arguments.of("RTCP SR (200)", "80 C8", true),
                Arguments.of("RTCP RR (201)", "81 C9", true),
                Arguments.of("RTCP PSFB (206)", "81 CE", true),
                Arguments.of("RTCP XR (207)", "80 CF", true),
                Arguments.of("bottom of RFC 5761 range: 192", "80 C0", true),
                Arguments.of("top of RFC 5761 range: 223", "80 DF", true),
                Arguments.of("just above the range: 224 is RTP PT=96 with marker", "80 E0", false),
                Arguments.of("just below the range: 191 is RTP PT=63 with marker", "80 BF", false),
                Arguments.of("DTLS first byte is never RTCP", "16 C8", false),
                Arguments.of("one byte is too short to tell", "80", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rtpOrRtcp")
    void splitsRtpFromRtcpBySecondByte(String name, String hex, boolean rtcp) {
        byte[] buf = Hex.bytes(hex);
        assertEquals(rtcp, Rfc7983.isRtcp(buf, 0, buf.length));
    }
}

package io.patchbay.media.packet.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.packet.Hex;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PliTest {
    static final String PLI = """
            81 CE 00 02   # V=2 P=0 FMT=1 | PT=206 PSFB | length=2 (12 bytes)
            11 22 33 44   # SSRC of packet sender
            55 66 77 88   # SSRC of media source
            """;

    @Test
    void writesTheTwelveBytes() {
        byte[] buf = new byte[12];
        assertEquals(12, Pli.write(buf, 0, 0x11223344L, 0x55667788L));
        assertEquals(Hex.of(Hex.bytes(PLI)), Hex.of(buf));
    }

    @Test
    void parsesBack() {
        byte[] buf = Hex.bytes(PLI);
        assertEquals(RtcpParseResult.OK, Pli.check(buf, 0, buf.length));
        assertEquals(0x11223344L, Pli.senderSsrc(buf, 0));
        assertEquals(0x55667788L, Pli.mediaSsrc(buf, 0));
    }

    @Test
    void writesHighSsrcsUnsigned() {
        byte[] buf = new byte[20];
        assertEquals(12, Pli.write(buf, 8, 0xFFFF_FFFFL, 0x8000_0000L));
        assertEquals(RtcpParseResult.OK, Pli.check(buf, 8, 12));
        assertEquals(0xFFFF_FFFFL, Pli.senderSsrc(buf, 8));
        assertEquals(0x8000_0000L, Pli.mediaSsrc(buf, 8));
        assertEquals(-1, Pli.write(buf, 9, 1, 2), "12 bytes do not fit at offset 9 of 20");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("SLI (FMT=2) is not a PLI", "82 CE 00 02  11 22 33 44  55 66 77 88",
                        RtcpParseResult.WRONG_TYPE),
                Arguments.of("RTPFB FMT=1 is a NACK, not a PLI", "81 CD 00 02  11 22 33 44  55 66 77 88",
                        RtcpParseResult.WRONG_TYPE),
                Arguments.of("length=1: no media SSRC", "81 CE 00 01  11 22 33 44", RtcpParseResult.TOO_SHORT),
                Arguments.of("length=2 but only 8 bytes", "81 CE 00 02  11 22 33 44", RtcpParseResult.BAD_LENGTH),
                Arguments.of("version 0", "01 CE 00 02  11 22 33 44  55 66 77 88", RtcpParseResult.BAD_VERSION),
                Arguments.of("empty", "", RtcpParseResult.TOO_SHORT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformed(String name, String hex, RtcpParseResult expected) {
        byte[] buf = Hex.bytes(hex);
        assertEquals(expected, Pli.check(buf, 0, buf.length));
    }
}

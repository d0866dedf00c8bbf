package io.patchbay.media.packet.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.packet.Hex;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ByeTest {
    private final Bye bye = new Bye();

    @Test
    void writesAndParsesTwoSources() {
        byte[] buf = new byte[12];
        assertEquals(12, Bye.write(buf, 0, new long[] {0x12345678L, 0xFFFF_FFFFL}, 2));
        assertEquals(Hex.of(Hex.bytes("""
                82 CB 00 02   # V=2 SC=2 | PT=203 BYE | length=2 (12 bytes)
                12 34 56 78   # SSRC 1
                FF FF FF FF   # SSRC 2
                """)), Hex.of(buf));
        assertEquals(RtcpParseResult.OK, bye.parse(buf, 0, buf.length));
        assertEquals(2, bye.sourceCount());
        assertEquals(0x12345678L, bye.ssrc(0));
        assertEquals(0xFFFF_FFFFL, bye.ssrc(1));
        assertEquals(-1, bye.reasonOffset());
        assertEquals(0, bye.reasonLength());
    }

    @Test
    void parsesReason() {
        byte[] buf = Hex.bytes("""
                81 CB 00 02   # SC=1 | BYE | length=2 (12 bytes)
                12 34 56 78   # SSRC
                03 62 79 65   # reason: 3 bytes "bye"
                """);
        assertEquals(RtcpParseResult.OK, bye.parse(buf, 0, buf.length));
        assertEquals(9, bye.reasonOffset());
        assertEquals("bye", new String(buf, bye.reasonOffset(), bye.reasonLength(), StandardCharsets.US_ASCII));
    }

    @Test
    void writesEmptyBye() {
        byte[] buf = new byte[4];
        assertEquals(4, Bye.write(buf, 0, null, 0));
        assertEquals(Hex.of(Hex.bytes("80 CB 00 00")), Hex.of(buf));
        assertEquals(-1, Bye.write(buf, 0, new long[] {1}, 1));
        assertEquals(-1, Bye.write(new byte[200], 0, new long[32], 32));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("SC=2 with one SSRC", "82 CB 00 01  12 34 56 78", RtcpParseResult.BAD_COUNT),
                Arguments.of("reason longer than the packet", "81 CB 00 02  12 34 56 78  05 62 79 65",
                        RtcpParseResult.BAD_LENGTH),
                Arguments.of("SR is not BYE", "81 C8 00 01  12 34 56 78", RtcpParseResult.WRONG_TYPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformed(String name, String hex, RtcpParseResult expected) {
        byte[] buf = Hex.bytes(hex);
        assertEquals(expected, bye.parse(buf, 0, buf.length));
    }
}

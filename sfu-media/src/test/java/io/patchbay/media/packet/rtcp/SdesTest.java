package io.patchbay.media.packet.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.packet.Hex;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SdesTest {
    private final Sdes sdes = new Sdes();

    static Stream<Arguments> cnames() {
        return Stream.of(
                Arguments.of("3 bytes: END and padding fill the word", "abc", """
                        81 CA 00 03   # V=2 SC=1 | PT=202 SDES | length=3 (16 bytes)
                        12 34 56 78   # SSRC
                        01 03 61 62   # CNAME, length 3: "ab
                        63 00 00 00   #   c", END, padding
                        """),
                Arguments.of("6 bytes: items end on a word, so a whole word of zeros follows", "abcdef", """
                        81 CA 00 04   # length=4 (20 bytes)
                        12 34 56 78
                        01 06 61 62   # CNAME, length 6
                        63 64 65 66
                        00 00 00 00   # END and padding
                        """),
                Arguments.of("empty CNAME", "", """
                        81 CA 00 02   # length=2 (12 bytes)
                        12 34 56 78
                        01 00 00 00   # CNAME, length 0, END, padding
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cnames")
    void writesOneCnameChunkAndParsesItBack(String name, String cname, String hex) {
        byte[] text = cname.getBytes(StandardCharsets.US_ASCII);
        byte[] buf = new byte[64];
        int written = Sdes.writeCname(buf, 0, 0x12345678L, text, 0, text.length);
        assertEquals(Hex.of(Hex.bytes(hex)), Hex.of(buf, 0, Math.max(0, written)));

        assertEquals(RtcpParseResult.OK, sdes.parse(buf, 0, written));
        assertEquals(1, sdes.chunkCount());
        assertEquals(0x12345678L, sdes.cnameSsrc());
        assertEquals(10, sdes.cnameOffset());
        assertEquals(cname, new String(buf, sdes.cnameOffset(), sdes.cnameLength(), StandardCharsets.US_ASCII));
    }

    @Test
    void parsesSeveralChunksAndItemsKeepingTheFirstCname() {
        byte[] buf = Hex.bytes("""
                82 CA 00 06   # SC=2 | SDES | length=6 (28 bytes)
                00 00 00 01   # chunk 1: SSRC 1
                02 02 6A 6F   # NAME, length 2: "jo"
                01 01 78 00   # CNAME, length 1: "x", END
                00 00 00 02   # chunk 2: SSRC 2
                01 02 79 79   # CNAME "yy"
                00 00 00 00   # END, padding
                """);
        assertEquals(RtcpParseResult.OK, sdes.parse(buf, 0, buf.length));
        assertEquals(2, sdes.chunkCount());
        assertEquals(1L, sdes.cnameSsrc());
        assertEquals(14, sdes.cnameOffset());
        assertEquals(1, sdes.cnameLength());
    }

    @Test
    void refusesToWriteLongCnameOrWithoutRoom() {
        assertEquals(-1, Sdes.writeCname(new byte[400], 0, 1, new byte[256], 0, 256));
        assertEquals(-1, Sdes.writeCname(new byte[15], 0, 1, new byte[3], 0, 3));
        assertEquals(-1, Sdes.writeCname(new byte[64], 0, 1, new byte[3], 1, 3));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("item length past the packet", "81 CA 00 02  00 00 00 01  01 09 61 00",
                        RtcpParseResult.BAD_LENGTH),
                Arguments.of("no END item", "81 CA 00 02  00 00 00 01  01 02 61 62", RtcpParseResult.BAD_LENGTH),
                Arguments.of("item type without a length byte", """
                        A1 CA 00 02   # P=1 SC=1, 12 bytes
                        00 00 00 01   # SSRC
                        01            # CNAME type, then the packet content ends
                        00 00 03      # padding, count 3
                        """, RtcpParseResult.BAD_LENGTH),
                Arguments.of("SC=2 with one chunk", "82 CA 00 02  00 00 00 01  01 00 00 00",
                        RtcpParseResult.BAD_COUNT),
                Arguments.of("BYE is not SDES", "81 CB 00 01  00 00 00 01", RtcpParseResult.WRONG_TYPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformed(String name, String hex, RtcpParseResult expected) {
        byte[] buf = Hex.bytes(hex);
        assertEquals(expected, sdes.parse(buf, 0, buf.length));
    }

    @Test
    void emptySdesIsValid() {
        byte[] buf = Hex.bytes("80 CA 00 00   # SC=0");
        assertEquals(RtcpParseResult.OK, sdes.parse(buf, 0, buf.length));
        assertEquals(0, sdes.chunkCount());
        assertEquals(-1, sdes.cnameOffset());
    }
}

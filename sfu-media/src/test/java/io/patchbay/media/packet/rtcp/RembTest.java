package io.patchbay.media.packet.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.packet.Hex;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RembTest {
    /** Sent by Chrome receiving a 6 Mb/s stream (the same capture is in pion/rtcp's tests). */
    static final String CHROME_REMB = """
            8F CE 00 05   # V=2 FMT=15 | PT=206 PSFB | length=5 (24 bytes)
            00 00 00 01   # SSRC of packet sender
            00 00 00 00   # SSRC of media source: unused, 0
            52 45 4D 42   # 'R' 'E' 'M' 'B'
            01 1A 20 DF   # Num SSRC=1 | exp=0x1A>>2=6 | mantissa=(0x1A&3)<<16|0x20DF=139487 -> 8927168 b/s
            48 74 ED 16   # SSRC feedback 1215622422
            """;

    private final Remb remb = new Remb();

    @Test
    void parsesChromeRemb() {
        byte[] buf = Hex.bytes(CHROME_REMB);
        assertEquals(RtcpParseResult.OK, remb.parse(buf, 0, buf.length));
        assertEquals(1L, remb.senderSsrc());
        assertEquals(8_927_168L, remb.bitrateBps());
        assertEquals(1, remb.ssrcCount());
        assertEquals(1_215_622_422L, remb.ssrc(0));
    }

    @Test
    void writesChromeRembByteForByte() {
        byte[] buf = new byte[24];
        assertEquals(24, Remb.write(buf, 0, 1, 8_927_168L, new long[] {1_215_622_422L}, 1));
        assertEquals(Hex.of(Hex.bytes(CHROME_REMB)), Hex.of(buf));
    }

    static Stream<Arguments> bitrates() {
        return Stream.of(
                Arguments.of("zero", 0L, 0L, "00 00 00"),
                Arguments.of("fits the 18-bit mantissa", 262_143L, 262_143L, "03 FF FF"),
                Arguments.of("one above needs exponent 1: 131072 << 1", 262_144L, 262_144L, "06 00 00"),
                Arguments.of("1 Mb/s: 250000 << 2", 1_000_000L, 1_000_000L, "0B D0 90"),
                Arguments.of("odd value is rounded down", 1_000_001L, 1_000_000L, "0B D0 90"),
                Arguments.of("negative counts as zero", -5L, 0L, "00 00 00"),
                Arguments.of("largest long: mantissa 0x3FFFF, exponent 45", Long.MAX_VALUE, 0x3FFFFL << 45,
                        "B7 FF FF"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bitrates")
    void encodesBitrateAsExponentAndMantissa(String name, long bitrate, long decoded, String hex) {
        byte[] buf = new byte[20];
        assertEquals(20, Remb.write(buf, 0, 9, bitrate, null, 0));
        assertEquals(Hex.of(Hex.bytes(hex)), Hex.of(buf, 17, 3));
        assertEquals(RtcpParseResult.OK, remb.parse(buf, 0, 20));
        assertEquals(decoded, remb.bitrateBps());
        assertEquals(0, remb.ssrcCount());
    }

    @Test
    void roundTripsManySsrcs() {
        long[] ssrcs = new long[255];
        for (int i = 0; i < ssrcs.length; i++) {
            ssrcs[i] = 0xFFFF_FF00L + i;
        }
        byte[] buf = new byte[20 + 4 * 255];
        assertEquals(buf.length, Remb.write(buf, 0, 1, 5_000_000, ssrcs, 255));
        assertEquals(RtcpParseResult.OK, remb.parse(buf, 0, buf.length));
        assertEquals(255, remb.ssrcCount());
        assertEquals(0xFFFF_FFFEL, remb.ssrc(254));
        assertEquals(-1, Remb.write(buf, 0, 1, 5_000_000, new long[256], 256));
        assertEquals(-1, Remb.write(new byte[23], 0, 1, 5_000_000, ssrcs, 1));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("identifier is not REMB", """
                        8F CE 00 04  00 00 00 01  00 00 00 00
                        52 45 4D 58   # 'R' 'E' 'M' 'X'
                        00 00 00 01
                        """, RtcpParseResult.WRONG_TYPE),
                Arguments.of("Num SSRC=2 with one SSRC", """
                        8F CE 00 05  00 00 00 01  00 00 00 00  52 45 4D 42
                        02 00 00 01   # Num SSRC=2
                        00 00 00 07
                        """, RtcpParseResult.BAD_COUNT),
                Arguments.of("exponent 46 with a full mantissa overflows 63 bits", """
                        8F CE 00 04  00 00 00 01  00 00 00 00  52 45 4D 42
                        00 BB FF FF   # exp=46 mantissa=0x3FFFF
                        """, RtcpParseResult.BAD_VALUE),
                Arguments.of("exponent 63 with mantissa 1 overflows", """
                        8F CE 00 04  00 00 00 01  00 00 00 00  52 45 4D 42
                        00 FC 00 01   # exp=63 mantissa=1
                        """, RtcpParseResult.BAD_VALUE),
                Arguments.of("no room for the bitrate word", """
                        8F CE 00 03  00 00 00 01  00 00 00 00  52 45 4D 42
                        """, RtcpParseResult.TOO_SHORT),
                Arguments.of("FMT=1 is a PLI", "81 CE 00 04  00 00 00 01  00 00 00 00  52 45 4D 42  00 00 00 01",
                        RtcpParseResult.WRONG_TYPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformed(String name, String hex, RtcpParseResult expected) {
        byte[] buf = Hex.bytes(hex);
        assertEquals(expected, remb.parse(buf, 0, buf.length));
    }

    @Test
    void acceptsLargestRepresentableExponentAndZeroMantissaWithAnyExponent() {
        byte[] buf = Hex.bytes("8F CE 00 04  00 00 00 01  00 00 00 00  52 45 4D 42  00 B7 FF FF");
        assertEquals(RtcpParseResult.OK, remb.parse(buf, 0, buf.length));
        assertEquals(0x3FFFFL << 45, remb.bitrateBps());
        byte[] zero = Hex.bytes("8F CE 00 04  00 00 00 01  00 00 00 00  52 45 4D 42  00 FC 00 00");
        assertEquals(RtcpParseResult.OK, remb.parse(zero, 0, zero.length));
        assertEquals(0L, remb.bitrateBps());
    }
}

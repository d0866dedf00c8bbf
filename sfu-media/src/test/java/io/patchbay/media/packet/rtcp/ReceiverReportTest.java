package io.patchbay.media.packet.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.packet.Hex;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReceiverReportTest {
    static final String RR_WITH_TWO_BLOCKS = """
            82 C9 00 0D   # V=2 RC=2 | PT=201 RR | length=13 (56 bytes)
            00 00 00 01   # SSRC of packet sender
            00 00 00 0A   # block 1: SSRC 10
            00 00 00 00   # nothing lost
            00 00 FF FF   # extended highest seq 65535
            00 00 00 05   # jitter 5
            00 00 00 00   # no SR received yet: LSR 0
            00 00 00 00   #                     DLSR 0
            00 00 00 0B   # block 2: SSRC 11
            FF 7F FF FF   # fraction lost 255/256 | cumulative lost 8388607 (largest)
            00 01 00 00   # 1 cycle, seq 0
            FF FF FF FF   # jitter 2^32-1
            12 34 56 78   # LSR
            00 00 80 00   # DLSR 0.5 s
            """;

    private final ReceiverReport rr = new ReceiverReport();
    private final ReportBlock block = new ReportBlock();

    @Test
    void parsesKnownReceiverReport() {
        byte[] buf = Hex.bytes(RR_WITH_TWO_BLOCKS);
        assertEquals(RtcpParseResult.OK, rr.parse(buf, 0, buf.length));
        assertEquals(1L, rr.ssrc());
        assertEquals(2, rr.reportCount());
        rr.readReportBlock(0, block);
        assertEquals(10L, block.ssrc());
        assertEquals(0, block.cumulativeLost());
        assertEquals(65535L, block.extendedHighestSeq());
        assertEquals(5L, block.jitter());
        rr.readReportBlock(1, block);
        assertEquals(11L, block.ssrc());
        assertEquals(255, block.fractionLost());
        assertEquals(8_388_607, block.cumulativeLost());
        assertEquals(65536L, block.extendedHighestSeq());
        assertEquals(0xFFFF_FFFFL, block.jitter());
        assertEquals(0x12345678L, block.lastSr());
        assertEquals(0x8000L, block.delaySinceLastSr());
    }

    @Test
    void writesKnownReceiverReport() {
        ReportBlock[] blocks = {
            new ReportBlock().set(10, 0, 0, 65535, 5, 0, 0),
            new ReportBlock().set(11, 255, 8_388_607, 65536, 0xFFFF_FFFFL, 0x12345678L, 0x8000)
        };
        byte[] buf = new byte[56];
        assertEquals(56, ReceiverReport.write(buf, 0, 1, blocks, 2));
        assertEquals(Hex.of(Hex.bytes(RR_WITH_TWO_BLOCKS)), Hex.of(buf));
    }

    @Test
    void writesEmptyReceiverReport() {
        byte[] buf = new byte[8];
        assertEquals(8, ReceiverReport.write(buf, 0, 0xCAFEBABEL, null, 0));
        assertEquals(Hex.of(Hex.bytes("80 C9 00 01  CA FE BA BE   # RC=0 | RR | length=1 | SSRC")), Hex.of(buf));
        assertEquals(RtcpParseResult.OK, rr.parse(buf, 0, 8));
        assertEquals(0, rr.reportCount());
    }

    static Stream<Arguments> cumulativeLost() {
        return Stream.of(
                Arguments.of("zero", 0, 0, "00 00 00"),
                Arguments.of("minus one (a duplicate more than expected)", -1, -1, "FF FF FF"),
                Arguments.of("largest", 8_388_607, 8_388_607, "7F FF FF"),
                Arguments.of("smallest", -8_388_608, -8_388_608, "80 00 00"),
                Arguments.of("above the range clamps", 9_000_000, 8_388_607, "7F FF FF"),
                Arguments.of("below the range clamps", -9_000_000, -8_388_608, "80 00 00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cumulativeLost")
    void encodesCumulativeLostAsSigned24Bits(String name, int given, int expected, String hex) {
        byte[] buf = new byte[24];
        assertEquals(24, new ReportBlock().set(1, 0, given, 0, 0, 0, 0).write(buf, 0));
        assertEquals(Hex.of(Hex.bytes(hex)), Hex.of(buf, 5, 3));
        assertEquals(expected, block.read(buf, 0).cumulativeLost());
    }

    @Test
    void reportBlockRefusesToWritePastTheBuffer() {
        assertEquals(-1, new ReportBlock().write(new byte[23], 0));
        assertEquals(-1, new ReportBlock().write(new byte[30], 7));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("header only", "80 C9 00 00", RtcpParseResult.TOO_SHORT),
                Arguments.of("an SR is not an RR", "80 C8 00 01  00 00 00 01", RtcpParseResult.WRONG_TYPE),
                Arguments.of("RC=1 but no block", "81 C9 00 01  00 00 00 01", RtcpParseResult.BAD_COUNT),
                Arguments.of("RC=2, one block", """
                        82 C9 00 07   # 32 bytes: one block
                        00 00 00 01  00 00 00 0A  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00
                        00 00 00 00
                        """, RtcpParseResult.BAD_COUNT),
                Arguments.of("length runs past the end", "81 C9 00 07  00 00 00 01  00 00 00 0A",
                        RtcpParseResult.BAD_LENGTH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformed(String name, String hex, RtcpParseResult expected) {
        byte[] buf = Hex.bytes(hex);
        assertEquals(expected, rr.parse(buf, 0, buf.length));
    }
}

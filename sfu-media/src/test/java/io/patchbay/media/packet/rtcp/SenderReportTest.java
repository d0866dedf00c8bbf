package io.patchbay.media.packet.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.packet.Hex;
import io.patchbay.media.packet.NtpTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SenderReportTest {
    static final String SR_WITH_ONE_BLOCK = """
            81 C8 00 0C   # V=2 P=0 RC=1 | PT=200 SR | length=12 (52 bytes)
            12 34 56 78   # SSRC of sender
            E9 3C 7F 00   # NTP seconds 3913056000 = 2024-01-01T00:00:00Z
            80 00 00 00   # NTP fraction 0.5
            00 01 5F 90   # RTP timestamp 90000
            00 00 03 E8   # sender's packet count 1000
            00 0F 42 40   # sender's octet count 1000000
            AB CD EF 01   # report block: SSRC_1
            40 FF FF FB   # fraction lost 64/256 | cumulative lost -5
            00 02 00 10   # extended highest seq: 2 cycles, seq 16
            00 00 00 20   # jitter 32
            7F 00 80 00   # LSR: middle 32 bits of the NTP timestamp above
            00 01 80 00   # DLSR 1.5 s in 1/65536 s
            """;

    private final SenderReport sr = new SenderReport();
    private final ReportBlock block = new ReportBlock();

    @Test
    void parsesKnownSenderReport() {
        byte[] buf = Hex.bytes(SR_WITH_ONE_BLOCK);
        assertEquals(RtcpParseResult.OK, sr.parse(buf, 0, buf.length));
        assertEquals(0x12345678L, sr.ssrc());
        assertEquals(0xE93C7F00_80000000L, sr.ntpTimestamp());
        assertEquals(1_704_067_200_500L, NtpTime.toEpochMillis(sr.ntpTimestamp()));
        assertEquals(90000L, sr.rtpTimestamp());
        assertEquals(1000L, sr.packetCount());
        assertEquals(1_000_000L, sr.octetCount());
        assertEquals(1, sr.reportCount());
        assertEquals(28, sr.reportBlockOffset(0));

        sr.readReportBlock(0, block);
        assertEquals(0xABCDEF01L, block.ssrc());
        assertEquals(64, block.fractionLost());
        assertEquals(-5, block.cumulativeLost());
        assertEquals(0x0002_0010L, block.extendedHighestSeq());
        assertEquals(32L, block.jitter());
        assertEquals(NtpTime.compact(sr.ntpTimestamp()), block.lastSr());
        assertEquals(1_500_000_000L, NtpTime.compactToNanos(block.delaySinceLastSr()));
    }

    @Test
    void writesKnownSenderReport() {
        ReportBlock[] blocks = {new ReportBlock().set(0xABCDEF01L, 64, -5, 0x0002_0010L, 32, 0x7F00_8000L,
                0x0001_8000L)};
        byte[] buf = new byte[60];
        int written = SenderReport.write(buf, 4, 0x12345678L, NtpTime.fromEpochMillis(1_704_067_200_500L), 90000,
                1000, 1_000_000, blocks, 1);
        assertEquals(52, written);
        assertEquals(Hex.of(Hex.bytes(SR_WITH_ONE_BLOCK)), Hex.of(buf, 4, written));
    }

    @Test
    void writesSenderReportWithoutBlocks() {
        byte[] buf = new byte[28];
        assertEquals(28, SenderReport.write(buf, 0, 1, 2, 3, 4, 5, null, 0));
        assertEquals(Hex.of(Hex.bytes("""
                80 C8 00 06   # RC=0 | SR | length=6 (28 bytes)
                00 00 00 01   # SSRC
                00 00 00 00  00 00 00 02   # NTP
                00 00 00 03   # RTP timestamp
                00 00 00 04   # packets
                00 00 00 05   # octets
                """)), Hex.of(buf));
    }

    @Test
    void roundTripsThirtyOneBlocks() {
        ReportBlock[] blocks = new ReportBlock[31];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new ReportBlock().set(1000 + i, i, -i, 65536L * i + i, i * 10, i * 100, i * 1000);
        }
        byte[] buf = new byte[28 + 31 * 24];
        assertEquals(buf.length, SenderReport.write(buf, 0, 7, -1L, 0xFFFF_FFFFL, 9, 10, blocks, 31));
        assertEquals(RtcpParseResult.OK, sr.parse(buf, 0, buf.length));
        assertEquals(-1L, sr.ntpTimestamp());
        assertEquals(0xFFFF_FFFFL, sr.rtpTimestamp());
        assertEquals(31, sr.reportCount());
        for (int i = 0; i < 31; i++) {
            sr.readReportBlock(i, block);
            assertEquals(1000 + i, block.ssrc());
            assertEquals(i, block.fractionLost());
            assertEquals(-i, block.cumulativeLost());
            assertEquals(65536L * i + i, block.extendedHighestSeq());
            assertEquals(i * 1000, block.delaySinceLastSr());
        }
    }

    @Test
    void refusesToWriteWhatDoesNotFitOrCannotBeCounted() {
        ReportBlock[] blocks = {new ReportBlock(), new ReportBlock()};
        assertEquals(-1, SenderReport.write(new byte[51], 0, 1, 2, 3, 4, 5, blocks, 1));
        assertEquals(-1, SenderReport.write(new byte[100], 60, 1, 2, 3, 4, 5, blocks, 1));
        assertEquals(-1, SenderReport.write(new byte[1000], 0, 1, 2, 3, 4, 5, blocks, 3), "more than given");
        assertEquals(-1, SenderReport.write(new byte[1000], 0, 1, 2, 3, 4, 5, new ReportBlock[32], 32));
        assertEquals(-1, SenderReport.write(new byte[1000], 0, 1, 2, 3, 4, 5, blocks, -1));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("three bytes", "81 C8 00", RtcpParseResult.TOO_SHORT),
                Arguments.of("version 1", "41 C8 00 00", RtcpParseResult.BAD_VERSION),
                Arguments.of("an RR is not an SR", "80 C9 00 01  00 00 00 01", RtcpParseResult.WRONG_TYPE),
                Arguments.of("length says 28 bytes, 8 present", "80 C8 00 06  00 00 00 01",
                        RtcpParseResult.BAD_LENGTH),
                Arguments.of("length 24 bytes: sender info cut short",
                        "80 C8 00 05  00 00 00 01  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00",
                        RtcpParseResult.TOO_SHORT),
                Arguments.of("RC=1 but no report block", """
                        81 C8 00 06   # RC=1, 28 bytes
                        00 00 00 01  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00
                        """, RtcpParseResult.BAD_COUNT),
                Arguments.of("padding eats the report block", """
                        A1 C8 00 0C   # P=1 RC=1, 52 bytes
                        00 00 00 01  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00
                        00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 04
                        """, RtcpParseResult.BAD_COUNT),
                Arguments.of("padding count larger than the packet", """
                        A0 C8 00 06   # P=1 RC=0, 28 bytes
                        00 00 00 01  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 FF
                        """, RtcpParseResult.BAD_PADDING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformed(String name, String hex, RtcpParseResult expected) {
        byte[] buf = Hex.bytes(hex);
        assertEquals(expected, sr.parse(buf, 0, buf.length));
    }

    @Test
    void acceptsProfileSpecificExtensionsAfterTheBlocks() {
        byte[] buf = Hex.bytes("""
                80 C8 00 07   # RC=0, 32 bytes
                00 00 00 01  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00
                DE AD BE EF   # profile-specific extension, ignored
                """);
        assertEquals(RtcpParseResult.OK, sr.parse(buf, 0, buf.length));
        assertEquals(0, sr.reportCount());
    }
}

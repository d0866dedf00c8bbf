package io.patchbay.media.packet.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.packet.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtcpCompoundTest {
    static final String RR_SDES_PADDED_PLI = """
            80 C9 00 01   # RR, RC=0, length=1 (8 bytes)
            00 00 00 01   #   sender SSRC
            81 CA 00 03   # SDES, SC=1, length=3 (16 bytes)
            00 00 00 01   #   SSRC
            01 03 61 62   #   CNAME "abc"
            63 00 00 00   #   END, padding
            A1 CE 00 03   # PLI with P=1, length=3 (16 bytes with padding)
            00 00 00 01   #   sender SSRC
            00 00 00 02   #   media SSRC
            00 00 00 04   #   padding, count 4
            """;

    private final RtcpCompound compound = new RtcpCompound();

    @Test
    void iteratesPacketsOfACompound() {
        byte[] buf = Hex.bytes("EE EE" + RR_SDES_PADDED_PLI + "EE"); // a packet inside a larger array
        compound.wrap(buf, 2, buf.length - 3);

        assertTrue(compound.next());
        assertEquals(RtcpHeader.RR, compound.packetType());
        assertEquals(RtcpKind.RECEIVER_REPORT, compound.kind());
        assertEquals(0, compound.count());
        assertEquals(2, compound.offset());
        assertEquals(8, compound.length());

        assertTrue(compound.next());
        assertEquals(RtcpKind.SDES, compound.kind());
        assertEquals(1, compound.count());
        assertEquals(10, compound.offset());
        assertEquals(16, compound.length());

        assertTrue(compound.next());
        assertEquals(RtcpKind.PLI, compound.kind());
        assertEquals(26, compound.offset());
        assertEquals(16, compound.length());
        assertEquals(12, compound.contentLength());
        assertTrue(compound.hasPadding());
        assertEquals(RtcpParseResult.OK, Pli.check(compound.buffer(), compound.offset(), compound.length()));
        assertEquals(2L, Pli.mediaSsrc(compound.buffer(), compound.offset()));

        assertFalse(compound.next());
        assertEquals(RtcpParseResult.OK, compound.result());
        assertFalse(compound.next(), "stays at the end");
    }

    @Test
    void iteratesAWriterBuiltCompound() {
        byte[] buf = new byte[200];
        int at = 0;
        ReportBlock[] blocks = {new ReportBlock().set(5, 1, 2, 3, 4, 5, 6)};
        at += SenderReport.write(buf, at, 1, 2, 3, 4, 5, blocks, 1);
        byte[] cname = {'x'};
        at += Sdes.writeCname(buf, at, 1, cname, 0, 1);
        at += Nack.write(buf, at, 1, 5, new int[] {10, 12}, 2);
        at += Fir.write(buf, at, 1, 5, 1);
        at += Remb.write(buf, at, 1, 300_000, new long[] {5}, 1);
        at += Bye.write(buf, at, new long[] {1}, 1);

        List<RtcpKind> kinds = new ArrayList<>();
        compound.wrap(buf, 0, at);
        while (compound.next()) {
            kinds.add(compound.kind());
        }
        assertEquals(RtcpParseResult.OK, compound.result());
        assertEquals(List.of(RtcpKind.SENDER_REPORT, RtcpKind.SDES, RtcpKind.NACK, RtcpKind.FIR, RtcpKind.REMB,
                RtcpKind.BYE), kinds);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", "", 0, RtcpParseResult.TOO_SHORT),
                Arguments.of("three bytes", "80 C9 00", 0, RtcpParseResult.TOO_SHORT),
                Arguments.of("version 1", "41 C9 00 01  00 00 00 01", 0, RtcpParseResult.BAD_VERSION),
                Arguments.of("second packet has version 0", """
                        80 C9 00 01  00 00 00 01   # RR
                        01 CE 00 02  00 00 00 01  00 00 00 02   # V=0
                        """, 1, RtcpParseResult.BAD_VERSION),
                Arguments.of("length runs past the end", "80 C9 00 02  00 00 00 01", 0, RtcpParseResult.BAD_LENGTH),
                Arguments.of("second packet's length runs past the end", """
                        80 C9 00 01  00 00 00 01   # RR
                        81 CE FF FF  00 00 00 01  00 00 00 02   # length 65535 words
                        """, 1, RtcpParseResult.BAD_LENGTH),
                Arguments.of("two bytes trailing the last packet", "80 C9 00 01  00 00 00 01  00 00", 1,
                        RtcpParseResult.TOO_SHORT),
                Arguments.of("padding on a packet that is not last", """
                        A0 C9 00 01  00 00 00 04   # RR, P=1, count 4: only the last packet may pad
                        81 CE 00 02  00 00 00 01  00 00 00 02   # PLI
                        """, 0, RtcpParseResult.BAD_PADDING),
                Arguments.of("padding count 0", "A0 C9 00 01  00 00 00 00", 0, RtcpParseResult.BAD_PADDING),
                Arguments.of("padding count larger than the packet", "A0 C9 00 01  00 00 00 09", 0,
                        RtcpParseResult.BAD_PADDING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void stopsAtTheFirstMalformedPacket(String name, String hex, int goodPackets, RtcpParseResult expected) {
        byte[] buf = Hex.bytes(hex);
        compound.wrap(buf, 0, buf.length);
        int yielded = 0;
        while (compound.next()) {
            yielded++;
        }
        assertEquals(goodPackets, yielded);
        assertEquals(expected, compound.result());
        assertEquals(expected, compound.validate(buf, 0, buf.length));
    }

    @Test
    void validateRewindsForIteration() {
        byte[] buf = Hex.bytes(RR_SDES_PADDED_PLI);
        assertEquals(RtcpParseResult.OK, compound.validate(buf, 0, buf.length));
        assertTrue(compound.next());
        assertEquals(RtcpKind.RECEIVER_REPORT, compound.kind());
    }

    @Test
    void reportsBadBoundsInsteadOfThrowing() {
        compound.wrap(new byte[8], 4, 8);
        assertFalse(compound.next());
        assertEquals(RtcpParseResult.BAD_BOUNDS, compound.result());
        compound.wrap(null, 0, 8);
        assertFalse(compound.next());
        assertEquals(RtcpParseResult.BAD_BOUNDS, compound.result());
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("SR", "80 C8 00 00", RtcpKind.SENDER_REPORT),
                Arguments.of("RR", "80 C9 00 00", RtcpKind.RECEIVER_REPORT),
                Arguments.of("SDES", "80 CA 00 00", RtcpKind.SDES),
                Arguments.of("BYE", "80 CB 00 00", RtcpKind.BYE),
                Arguments.of("APP", "80 CC 00 00", RtcpKind.APP),
                Arguments.of("NACK: RTPFB FMT=1", "81 CD 00 00", RtcpKind.NACK),
                Arguments.of("TWCC: RTPFB FMT=15", "8F CD 00 00", RtcpKind.TWCC),
                Arguments.of("TMMBR: RTPFB FMT=3", "83 CD 00 00", RtcpKind.RTPFB_OTHER),
                Arguments.of("PLI: PSFB FMT=1", "81 CE 00 00", RtcpKind.PLI),
                Arguments.of("SLI: PSFB FMT=2", "82 CE 00 00", RtcpKind.SLI),
                Arguments.of("RPSI: PSFB FMT=3", "83 CE 00 00", RtcpKind.RPSI),
                Arguments.of("FIR: PSFB FMT=4", "84 CE 00 00", RtcpKind.FIR),
                Arguments.of("REMB: PSFB FMT=15 with 'REMB'",
                        "8F CE 00 04  00 00 00 01  00 00 00 00  52 45 4D 42  00 00 00 00", RtcpKind.REMB),
                Arguments.of("other application feedback: PSFB FMT=15 without 'REMB'",
                        "8F CE 00 04  00 00 00 01  00 00 00 00  41 42 43 44  00 00 00 00", RtcpKind.PSFB_OTHER),
                Arguments.of("too short to hold the REMB identifier", "8F CE 00 00", RtcpKind.PSFB_OTHER),
                Arguments.of("XR", "80 CF 00 00", RtcpKind.XR),
                Arguments.of("unassigned type 210", "80 D2 00 00", RtcpKind.UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void classifiesPacketKinds(String name, String hex, RtcpKind expected) {
        byte[] buf = Hex.bytes(hex);
        compound.wrap(buf, 0, buf.length);
        assertTrue(compound.next());
        assertEquals(expected, compound.kind());
    }
}

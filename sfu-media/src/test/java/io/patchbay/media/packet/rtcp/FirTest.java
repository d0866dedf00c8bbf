package io.patchbay.media.packet.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.packet.Hex;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FirTest {
    static final String FIR = """
            84 CE 00 04   # V=2 FMT=4 | PT=206 PSFB | length=4 (20 bytes)
            11 22 33 44   # SSRC of packet sender
            00 00 00 00   # SSRC of media source: 0 for FIR (RFC 5104)
            55 66 77 88   # FCI: SSRC of the media sender asked for a keyframe
            07 00 00 00   #      command seq nr 7, reserved
            """;

    private final Fir fir = new Fir();

    @Test
    void writesKnownFir() {
        byte[] buf = new byte[20];
        assertEquals(20, Fir.write(buf, 0, 0x11223344L, 0x55667788L, 7));
        assertEquals(Hex.of(Hex.bytes(FIR)), Hex.of(buf));
    }

    @Test
    void parsesKnownFir() {
        byte[] buf = Hex.bytes(FIR);
        assertEquals(RtcpParseResult.OK, fir.parse(buf, 0, buf.length));
        assertEquals(0x11223344L, fir.senderSsrc());
        assertEquals(0L, fir.mediaSsrc());
        assertEquals(1, fir.entryCount());
        assertEquals(0x55667788L, fir.entrySsrc(0));
        assertEquals(7, fir.entrySeqNr(0));
    }

    @Test
    void roundTripsSeveralEntries() {
        byte[] buf = new byte[64];
        long[] ssrcs = {1, 0xFFFF_FFFFL, 3};
        int[] seqs = {0, 255, 256}; // 256 wraps to 0 in 8 bits
        assertEquals(36, Fir.write(buf, 0, 9, ssrcs, seqs, 3));
        assertEquals(Hex.of(Hex.bytes("""
                84 CE 00 08   # FMT=4 | PSFB | length=8 (36 bytes)
                00 00 00 09   # sender
                00 00 00 00   # media source 0
                00 00 00 01  00 00 00 00   # entry 1
                FF FF FF FF  FF 00 00 00   # entry 2
                00 00 00 03  00 00 00 00   # entry 3: seq 256 & 0xFF
                """)), Hex.of(buf, 0, 36));
        assertEquals(RtcpParseResult.OK, fir.parse(buf, 0, 36));
        assertEquals(3, fir.entryCount());
        assertEquals(0xFFFF_FFFFL, fir.entrySsrc(1));
        assertEquals(255, fir.entrySeqNr(1));
        assertEquals(0, fir.entrySeqNr(2));
    }

    @Test
    void refusesToWriteBadArguments() {
        assertEquals(-1, Fir.write(new byte[19], 0, 1, 2, 3));
        assertEquals(-1, Fir.write(new byte[64], 0, 1, new long[0], new int[0], 0));
        assertEquals(-1, Fir.write(new byte[64], 0, 1, new long[1], new int[2], 2));
        assertEquals(-1, Fir.write(new byte[27], 0, 1, new long[2], new int[2], 2));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("no FCI entry", "84 CE 00 02  11 22 33 44  00 00 00 00", RtcpParseResult.TOO_SHORT),
                Arguments.of("PLI is not FIR", "81 CE 00 04  11 22 33 44  00 00 00 00  55 66 77 88  07 00 00 00",
                        RtcpParseResult.WRONG_TYPE),
                Arguments.of("entry cut by the end of the buffer", "84 CE 00 04  11 22 33 44  00 00 00 00  55 66",
                        RtcpParseResult.BAD_LENGTH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformed(String name, String hex, RtcpParseResult expected) {
        byte[] buf = Hex.bytes(hex);
        assertEquals(expected, fir.parse(buf, 0, buf.length));
    }
}

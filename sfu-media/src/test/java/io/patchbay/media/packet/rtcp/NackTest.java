package io.patchbay.media.packet.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.packet.Hex;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NackTest {
    private final Nack nack = new Nack();

    static Stream<Arguments> lists() {
        return Stream.of(
                Arguments.of("one lost packet", new int[] {100}, """
                        81 CD 00 03   # V=2 FMT=1 | PT=205 RTPFB | length=3 (16 bytes)
                        00 00 00 01   # sender SSRC
                        00 00 00 02   # media SSRC
                        00 64 00 00   # PID=100, BLP=0
                        """),
                Arguments.of("bits, then a new entry 17 after the PID", new int[] {100, 101, 116, 117, 200}, """
                        81 CD 00 05   # length=5 (24 bytes)
                        00 00 00 01  00 00 00 02
                        00 64 80 01   # PID=100, BLP bit 0 (101) and bit 15 (116)
                        00 75 00 00   # PID=117: 17 after 100 does not fit the mask
                        00 C8 00 00   # PID=200
                        """),
                Arguments.of("a run across the wrap", new int[] {65534, 65535, 0, 1}, """
                        81 CD 00 03
                        00 00 00 01  00 00 00 02
                        FF FE 00 07   # PID=65534, BLP bits 0..2: 65535, 0, 1
                        """),
                Arguments.of("duplicates of the PID are skipped", new int[] {5, 5, 6}, """
                        81 CD 00 03
                        00 00 00 01  00 00 00 02
                        00 05 00 01   # PID=5, BLP bit 0: 6
                        """),
                Arguments.of("out of order starts a new entry", new int[] {10, 9}, """
                        81 CD 00 04
                        00 00 00 01  00 00 00 02
                        00 0A 00 00   # PID=10
                        00 09 00 00   # PID=9
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void writesPacksAndParsesBack(String name, int[] lost, String hex) {
        byte[] expected = Hex.bytes(hex);
        byte[] buf = new byte[64];
        int written = Nack.write(buf, 0, 1, 2, lost, lost.length);
        assertEquals(Hex.of(expected), Hex.of(buf, 0, Math.max(0, written)));

        assertEquals(RtcpParseResult.OK, nack.parse(buf, 0, written));
        assertEquals(1L, nack.senderSsrc());
        assertEquals(2L, nack.mediaSsrc());
        int[] distinct = Arrays.stream(lost).distinct().toArray();
        assertArrayEquals(distinct, drainLost());
        assertEquals(distinct.length, nack.lostCount());
    }

    @Test
    void parsesAllSeventeenOfAFullEntry() {
        byte[] buf = Hex.bytes("""
                81 CD 00 03  00 00 00 01  00 00 00 02
                FF F8 FF FF   # PID=65528 and all 16 following: up to 8 across the wrap
                """);
        assertEquals(RtcpParseResult.OK, nack.parse(buf, 0, buf.length));
        int[] expected = new int[17];
        for (int i = 0; i < 17; i++) {
            expected[i] = (65528 + i) & 0xFFFF;
        }
        assertArrayEquals(expected, drainLost());
        assertEquals(-1, nack.nextLost(), "stays exhausted");
        nack.rewindLost();
        assertEquals(65528, nack.nextLost());
    }

    @Test
    void parsesNackFromChrome() {
        // captured from Chrome (also used by pion/rtcp's tests): PID 0xAAAA with BLP 0x5555
        byte[] buf = Hex.bytes("""
                81 CD 00 03   # FMT=1 | RTPFB | length=3
                90 2F 9E 2E   # sender SSRC
                90 2F 9E 2E   # media SSRC
                AA AA 55 55   # PID=43690, BLP=0101010101010101: every second one after it
                """);
        assertEquals(RtcpParseResult.OK, nack.parse(buf, 0, buf.length));
        assertEquals(0x902F9E2EL, nack.mediaSsrc());
        assertEquals(1, nack.entryCount());
        assertEquals(0xAAAA, nack.pid(0));
        assertEquals(0x5555, nack.blp(0));
        assertArrayEquals(new int[] {43690, 43691, 43693, 43695, 43697, 43699, 43701, 43703, 43705}, drainLost());
    }

    @Test
    void refusesToWriteEmptyOrOversizedLists() {
        assertEquals(-1, Nack.write(new byte[64], 0, 1, 2, new int[0], 0));
        assertEquals(-1, Nack.write(new byte[64], 0, 1, 2, new int[] {1}, 2));
        assertEquals(-1, Nack.write(new byte[15], 0, 1, 2, new int[] {1}, 1));
        assertEquals(-1, Nack.write(new byte[19], 0, 1, 2, new int[] {1, 100}, 2), "second entry has no room");
        assertEquals(-1, Nack.write(new byte[64], 65, 1, 2, new int[] {1}, 1));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("no FCI", "81 CD 00 02  00 00 00 01  00 00 00 02", RtcpParseResult.TOO_SHORT),
                Arguments.of("TWCC (FMT=15) is not a NACK", "8F CD 00 03  00 00 00 01  00 00 00 02  00 01 00 00",
                        RtcpParseResult.WRONG_TYPE),
                Arguments.of("length past the buffer", "81 CD 00 04  00 00 00 01  00 00 00 02  00 01 00 00",
                        RtcpParseResult.BAD_LENGTH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformed(String name, String hex, RtcpParseResult expected) {
        byte[] buf = Hex.bytes(hex);
        assertEquals(expected, nack.parse(buf, 0, buf.length));
        assertEquals(-1, nack.nextLost(), "nothing to iterate after a failed parse");
    }

    private int[] drainLost() {
        int[] out = new int[17 * nack.entryCount()];
        int n = 0;
        for (int seq = nack.nextLost(); seq >= 0; seq = nack.nextLost()) {
            out[n++] = seq;
        }
        return Arrays.copyOf(out, n);
    }
}

package io.patchbay.media.packet.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.packet.Hex;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TwccTest {
    private static final int NR = Twcc.NOT_RECEIVED;

    /** Captured from Chrome, from pion/rtcp's transport_layer_cc_test.go ("example1"). */
    static final String CHROME_ONE_PACKET = """
            AF CD 00 05   # V=2 P=1 FMT=15 | PT=205 RTPFB | length=5 (24 bytes)
            FA 17 FA 17   # sender SSRC
            43 03 2F A0   # media SSRC
            00 99 00 01   # base sequence number 153 | packet status count 1
            3D E8 02 17   # reference time 0x3DE802 = 4057090 x 64 ms | feedback packet count 23
            20 01         # run length chunk: T=0, S=01 (small delta), run length 1
            94            # receive delta 0x94 = 148 x 250 us = 37 ms
            01            # padding: 1 byte, the count itself
            """;

    /** pion/rtcp "example4" (a Chrome capture): seven packets in a row. */
    static final String CHROME_SEVEN_PACKETS = """
            AF CD 00 07   # P=1 | length=7 (32 bytes)
            FA 17 FA 17   # sender SSRC
            19 3D D8 BB   # media SSRC
            00 04 00 07   # base 4 | count 7
            10 63 6E 01   # reference time 1074030 | fb count 1
            20 07         # run length: S=01 small delta, 7 packets (4..10)
            4C 24 24 10   # deltas 76, 36, 36, 16 ticks = 19, 9, 9, 4 ms
            0C 0C 10      # 12, 12, 16 ticks = 3, 3, 4 ms
            00 00 03      # padding: 3 bytes
            """;

    /** pion/rtcp marshal "example5": a 1-bit status vector with losses. */
    static final String ONE_BIT_VECTOR = """
            AF CD 00 06   # P=1 | length=6 (28 bytes)
            FA 17 FA 17  19 3D D8 BB
            00 01 00 0E   # base 1 | count 14
            10 63 6D 00   # reference time 1074029 | fb count 0
            BA 00         # T=1 S=0 symbols 1110 1000 0000 00: 1, 2, 3, 5 received; 4, 6..14 lost
            10 0C 0C 10   # deltas 16, 12, 12, 16 ticks = 4, 3, 3, 4 ms
            00 02         # padding: 2 bytes
            """;

    /** pion/rtcp marshal "example6": 12 statuses in a 1-bit vector, the last two symbols unused. */
    static final String ONE_BIT_VECTOR_PARTIAL = """
            AF CD 00 07   # P=1 | length=7 (32 bytes)
            FA 17 FA 17  43 03 2F A0
            9C 14 00 0C   # base 39956 | count 12
            75 84 20 00   # reference time 7701536 | fb count 0
            BE C0         # T=1 S=0 symbols 1111 1011 0000 [00 unused]: 39961 and 39964..39967 lost
            C1 3F 3B 3F   # deltas 193, 63, 59, 63 ticks
            53 90 3B      # 83, 144, 59 ticks
            00 00 03      # padding: 3 bytes
            """;

    /** Hand-built: a 2-bit vector with a negative and a large delta. */
    static final String TWO_BIT_VECTOR = """
            AF CD 00 06   # P=1 | length=6 (28 bytes)
            00 00 00 01   # sender SSRC
            00 00 00 02   # media SSRC
            00 01 00 04   # base 1 | count 4
            00 00 10 05   # reference time 16 (1.024 s) | fb count 5
            D8 80         # T=1 S=1 symbols 01 10 00 10 [00 00 00 unused]: small, large, lost, large
            08            # seq 1: +8 ticks = +2 ms from the reference time
            FF FC         # seq 2: -4 ticks = -1 ms (arrived before seq 1)
            01 2C         # seq 4: +300 ticks = +75 ms
            01            # padding: 1 byte
            """;

    /** Hand-built: a maximal run of losses across the sequence number wrap; 28 bytes need no padding. */
    static final String LONGEST_RUN_ACROSS_WRAP = """
            8F CD 00 06   # P=0 | length=6 (28 bytes)
            00 00 00 01  00 00 00 02
            FF FE 20 0E   # base 65534 | count 8206
            FF FF FF FF   # reference time 2^24-1 | fb count 255
            A0 00         # 1-bit vector: 65534 received, 65535 and 0..11 lost
            1F FF         # run length: S=00 not received, 8191 (12..8202)
            20 01         # run length: S=01, 1 (8203)
            04 04         # deltas: 1 ms, 1 ms
            """;

    private final Twcc twcc = new Twcc();

    @Test
    void parsesChromeFeedbackForOnePacket() {
        byte[] buf = Hex.bytes(CHROME_ONE_PACKET);
        assertEquals(RtcpParseResult.OK, twcc.parse(buf, 0, buf.length));
        assertEquals(0xFA17FA17L, twcc.senderSsrc());
        assertEquals(0x43032FA0L, twcc.mediaSsrc());
        assertEquals(153, twcc.baseSequenceNumber());
        assertEquals(1, twcc.statusCount());
        assertEquals(1, twcc.receivedCount());
        assertEquals(4057090, twcc.referenceTime());
        assertEquals(4057090L * 64_000, twcc.referenceTimeUs());
        assertEquals(23, twcc.feedbackPacketCount());
        assertTrue(twcc.next());
        assertEquals(153, twcc.sequenceNumber());
        assertEquals(0, twcc.sequenceOffset());
        assertTrue(twcc.received());
        assertEquals(Twcc.SYMBOL_SMALL_DELTA, twcc.symbol());
        assertEquals(37_000, twcc.receiveDeltaUs());
        assertEquals(37_000, twcc.receiveOffsetUs());
        assertFalse(twcc.next());
    }

    static Stream<Arguments> knownPackets() {
        return Stream.of(
                Arguments.of("Chrome, one packet", CHROME_ONE_PACKET, 153, 4057090, 23,
                        new int[] {148}),
                Arguments.of("Chrome, seven packets", CHROME_SEVEN_PACKETS, 4, 1074030, 1,
                        new int[] {76, 36, 36, 16, 12, 12, 16}),
                Arguments.of("1-bit vector", ONE_BIT_VECTOR, 1, 1074029, 0,
                        new int[] {16, 12, 12, NR, 16, NR, NR, NR, NR, NR, NR, NR, NR, NR}),
                Arguments.of("1-bit vector, partly used", ONE_BIT_VECTOR_PARTIAL, 39956, 7701536, 0,
                        new int[] {193, 63, 59, 63, 83, NR, 144, 59, NR, NR, NR, NR}),
                Arguments.of("2-bit vector, negative and large deltas", TWO_BIT_VECTOR, 1, 16, 5,
                        new int[] {8, -4, NR, 300}),
                Arguments.of("longest run, across the wrap", LONGEST_RUN_ACROSS_WRAP, 65534, 0xFFFFFF, 255,
                        longestRun()));
    }

    private static int[] longestRun() {
        int[] ticks = new int[8206];
        Arrays.fill(ticks, NR);
        ticks[0] = 4;
        ticks[8205] = 4;
        return ticks;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("knownPackets")
    void parsesKnownPackets(String name, String hex, int baseSeq, int referenceTime, int fbCount, int[] ticks) {
        byte[] buf = Hex.bytes(hex);
        assertEquals(RtcpParseResult.OK, twcc.parse(buf, 0, buf.length));
        assertEquals(baseSeq, twcc.baseSequenceNumber());
        assertEquals(referenceTime, twcc.referenceTime());
        assertEquals(fbCount, twcc.feedbackPacketCount());
        assertArrayEquals(ticks, drainTicks());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("knownPackets")
    void writesKnownPacketsByteForByte(String name, String hex, int baseSeq, int referenceTime, int fbCount,
            int[] ticks) {
        byte[] expected = Hex.bytes(hex);
        byte[] buf = new byte[2048];
        int written = Twcc.write(buf, 3, 1200, RtcpHeader.senderSsrc(expected, 0), RtcpHeader.mediaSsrc(expected, 0),
                baseSeq, referenceTime, fbCount, ticks, 0, ticks.length);
        assertEquals(Hex.of(expected), Hex.of(buf, 3, Math.max(0, written)));
    }

    @Test
    void cutsARunLengthChunkThatOvershootsTheStatusCount() {
        // pion/rtcp unmarshal "example6", a capture: the last run-length chunk says 48, only 2 remain of the count
        byte[] buf = Hex.bytes("""
                AF CD 00 07   # P=1 | length=7 (32 bytes)
                9B 74 F6 1F   # sender SSRC
                93 71 DC BC   # media SSRC
                85 3C 00 09   # base 34108 | count 9
                63 F9 16 B3   # reference time 6551830 | fb count 179
                D5 52         # 2-bit vector: 01 01 01 01 01 00 10
                00 30         # run length: S=00, 48 (cut to 2)
                9B AA 6A AA   # small deltas 155, 170, 106, 170
                7B            # small delta 123
                01 09         # large delta 265 = 66.25 ms
                01            # padding: 1 byte
                """);
        assertEquals(RtcpParseResult.OK, twcc.parse(buf, 0, buf.length));
        assertEquals(9, twcc.statusCount());
        assertEquals(6, twcc.receivedCount());
        assertArrayEquals(new int[] {155, 170, 106, 170, 123, NR, 265, NR, NR}, drainTicks());
        twcc.rewind();
        long[] offsets = new long[9];
        int[] seqs = new int[9];
        for (int i = 0; twcc.next(); i++) {
            offsets[i] = twcc.receiveOffsetUs();
            seqs[i] = twcc.sequenceNumber();
        }
        assertArrayEquals(new int[] {34108, 34109, 34110, 34111, 34112, 34113, 34114, 34115, 34116}, seqs);
        assertEquals((155 + 170 + 106 + 170 + 123 + 265) * 250L, offsets[6]);
    }

    @Test
    void walksSequenceNumbersAcrossTheWrapWithOffsetsFromTheBase() {
        byte[] buf = Hex.bytes(LONGEST_RUN_ACROSS_WRAP);
        assertEquals(RtcpParseResult.OK, twcc.parse(buf, 0, buf.length));
        int received = 0;
        while (twcc.next()) {
            assertEquals((65534 + twcc.sequenceOffset()) & 0xFFFF, twcc.sequenceNumber());
            if (twcc.received()) {
                received++;
                assertEquals(received * 1000L, twcc.receiveOffsetUs());
            }
        }
        assertEquals(8205, twcc.sequenceOffset());
        assertEquals(8203, twcc.sequenceNumber());
        assertEquals(2, received);
    }

    @Test
    void decodesCumulativeTimesWithNegativeDeltas() {
        byte[] buf = Hex.bytes(TWO_BIT_VECTOR);
        assertEquals(RtcpParseResult.OK, twcc.parse(buf, 0, buf.length));
        long[] expected = {2_000, 1_000, 1_000, 76_000};
        int[] symbols = {Twcc.SYMBOL_SMALL_DELTA, Twcc.SYMBOL_LARGE_DELTA, Twcc.SYMBOL_NOT_RECEIVED,
            Twcc.SYMBOL_LARGE_DELTA};
        for (int i = 0; i < 4; i++) {
            assertTrue(twcc.next());
            assertEquals(symbols[i], twcc.symbol());
            assertEquals(expected[i], twcc.receiveOffsetUs(), "seq " + twcc.sequenceNumber());
        }
        assertEquals(16 * 64_000L + 76_000, twcc.referenceTimeUs() + twcc.receiveOffsetUs());
    }

    @Test
    void acceptsZeroPaddingWithoutThePaddingBitFromOlderLibwebrtc() {
        byte[] buf = Hex.bytes(CHROME_ONE_PACKET);
        buf[0] &= ~0x20; // P cleared, the last byte zero: what libwebrtc sent before it set P
        buf[23] = 0;
        assertEquals(RtcpParseResult.OK, twcc.parse(buf, 0, buf.length));
        assertArrayEquals(new int[] {148}, drainTicks());
    }

    @Test
    void acceptsPaddingBeyondTheWordBoundary() {
        // libwebrtc's TransportFeedbackPadding test: 4 more padding bytes, counted in the last byte
        byte[] buf = Hex.bytes(CHROME_ONE_PACKET.replace("01            # padding", "00 00 00 00 05 # padding")
                .replace("AF CD 00 05", "AF CD 00 06"));
        assertEquals(28, buf.length);
        assertEquals(RtcpParseResult.OK, twcc.parse(buf, 0, buf.length));
        assertArrayEquals(new int[] {148}, drainTicks());
    }

    static Stream<Arguments> libwebrtcSizes() {
        // received sequence numbers and deltas, expected length: the cases of libwebrtc's
        // transport_feedback_unittest.cc (header 20, chunks 2 each, deltas 1 or 2 each, padded to 4)
        int small = 4;
        int large = 256;
        return Stream.of(
                Arguments.of("OneBitVector", new int[] {1, 2, 7, 8, 9, 10, 13}, small, 20 + 2 + 7),
                Arguments.of("FullOneBitVector", new int[] {1, 2, 7, 8, 9, 10, 13, 14}, small, 20 + 2 + 8),
                Arguments.of("OneBitVectorWrapReceived", new int[] {65533, 65534, 65535, 0, 1, 2}, small, 20 + 2 + 6),
                Arguments.of("OneBitVectorWrapMissing", new int[] {65533, 65534, 1, 2}, small, 20 + 2 + 4),
                Arguments.of("TwoBitVector", new int[] {1, 2, 6, 7}, large, 20 + 2 + 8),
                Arguments.of("TwoBitVectorFull", new int[] {1, 2, 6, 7, 8}, large, 20 + 4 + 10),
                Arguments.of("MaxRle", new int[] {0, 8191 + 14}, small, 20 + 6 + 2),
                Arguments.of("MinRle", new int[] {0, 29}, small, 20 + 6 + 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libwebrtcSizes")
    void chunksAsCompactlyAsLibwebrtc(String name, int[] receivedSeqs, int deltaTicks, int expectedContent) {
        int count = ((receivedSeqs[receivedSeqs.length - 1] - receivedSeqs[0]) & 0xFFFF) + 1;
        int[] ticks = new int[count];
        Arrays.fill(ticks, NR);
        for (int seq : receivedSeqs) {
            ticks[(seq - receivedSeqs[0]) & 0xFFFF] = deltaTicks;
        }
        byte[] buf = new byte[256];
        int written = Twcc.write(buf, 0, 1200, 1, 2, receivedSeqs[0], 0, 0, ticks, 0, count);
        assertEquals((expectedContent + 3) & ~3, written);
        assertEquals(RtcpParseResult.OK, twcc.parse(buf, 0, written));
        assertArrayEquals(ticks, drainTicks());
    }

    @Test
    void splitsOneBitVectorAtALargeDeltaLikeLibwebrtc() {
        // TransportFeedbackOneToTwoBitVectorSplit: 8 small, 1 large, 13 small -> 3 chunks
        int[] ticks = new int[22];
        Arrays.fill(ticks, 4);
        ticks[8] = 1024;
        byte[] buf = new byte[128];
        int written = Twcc.write(buf, 0, 1200, 1, 2, 0, 0, 0, ticks, 0, ticks.length);
        assertEquals((20 + 3 * 2 + 21 + 2 + 3) & ~3, written);
        assertEquals(RtcpParseResult.OK, twcc.parse(buf, 0, written));
        assertArrayEquals(ticks, drainTicks());
    }

    @Test
    void writesTheLongestPrefixThatFitsTheLimit() {
        int[] ticks = new int[100];
        Arrays.fill(ticks, 1);
        byte[] buf = new byte[256];
        int written = Twcc.write(buf, 0, 64, 1, 2, 500, 0, 0, ticks, 0, ticks.length);
        assertEquals(64, written);
        assertEquals(42, Twcc.statusCountAt(buf, 0), "20 header + 2 chunk + 42 deltas = 64");
        assertEquals(RtcpParseResult.OK, twcc.parse(buf, 0, written));
        assertEquals(42, drainTicks().length);

        // the buffer's end limits too
        written = Twcc.write(buf, 200, 1200, 1, 2, 500, 0, 0, ticks, 0, ticks.length);
        assertEquals(56, written);
        assertEquals(34, Twcc.statusCountAt(buf, 200));
    }

    @Test
    void writesFromAnOffsetIntoTheDeltaArray() {
        int[] ticks = {NR, NR, 7, NR, 9};
        byte[] buf = new byte[64];
        int written = Twcc.write(buf, 0, 1200, 1, 2, 10, 0, 0, ticks, 2, 3);
        assertEquals(RtcpParseResult.OK, twcc.parse(buf, 0, written));
        assertEquals(10, twcc.baseSequenceNumber());
        assertArrayEquals(new int[] {7, NR, 9}, drainTicks());
    }

    @Test
    void refusesToWriteOutOfRangeArguments() {
        byte[] buf = new byte[64];
        int[] ticks = {1, 2, 3};
        assertEquals(-1, Twcc.write(buf, 0, 1200, 1, 2, 0, 0, 0, ticks, 0, 0), "no statuses");
        assertEquals(-1, Twcc.write(buf, 0, 1200, 1, 2, 0, 0, 0, ticks, 1, 3), "past the array");
        assertEquals(-1, Twcc.write(buf, 0, 1200, 1, 2, 0, 0, 0, ticks, -1, 1));
        assertEquals(-1, Twcc.write(buf, 0, 1200, 1, 2, 0, 0, 0, null, 0, 1));
        assertEquals(-1, Twcc.write(buf, 0, 1200, 1, 2, 0, 0, 0, new int[70_000], 0, 65_536), "count > 65535");
        assertEquals(-1, Twcc.write(buf, 0, 1200, 1, 2, 0, 0, 0, new int[] {32_768}, 0, 1), "delta too large");
        assertEquals(-1, Twcc.write(buf, 0, 1200, 1, 2, 0, 0, 0, new int[] {-32_769}, 0, 1), "delta too small");
        assertEquals(-1, Twcc.write(buf, 0, 23, 1, 2, 0, 0, 0, ticks, 0, 1), "limit below 24");
        assertEquals(-1, Twcc.write(buf, 41, 1200, 1, 2, 0, 0, 0, ticks, 0, 1), "buffer end below 24");
        assertEquals(-1, Twcc.write(buf, 65, 1200, 1, 2, 0, 0, 0, ticks, 0, 1));
        assertEquals(-1, Twcc.write(null, 0, 1200, 1, 2, 0, 0, 0, ticks, 0, 1));
        assertEquals(24, Twcc.write(buf, 40, 1200, 1, 2, 0, 0, 0, new int[] {-32_768}, 0, 1), "fits exactly");
    }

    @Test
    void roundTripsRandomFeedback() {
        SplittableRandom random = new SplittableRandom(0x7CC_0001L);
        byte[] buf = new byte[140_000];
        for (int iteration = 0; iteration < 2_000; iteration++) {
            int count = 1 + random.nextInt(iteration % 10 == 0 ? 20_000 : 300);
            int[] ticks = new int[count];
            int lossPercent = random.nextInt(100);
            int largePercent = random.nextInt(30);
            for (int i = 0; i < count; i++) {
                ticks[i] = random.nextInt(100) < lossPercent ? NR
                        : random.nextInt(100) < largePercent ? random.nextInt(-32_768, 32_768)
                        : random.nextInt(256);
            }
            int baseSeq = random.nextInt(65536);
            int referenceTime = random.nextInt(1 << 24);
            int limit = random.nextBoolean() ? RtcpHeader.MAX_PACKET_LENGTH : 24 + random.nextInt(1500);
            int written = Twcc.write(buf, 0, limit, 11, 22, baseSeq, referenceTime, iteration, ticks, 0, count);
            assertTrue(written >= Twcc.MIN_LENGTH && written <= limit && written % 4 == 0, "length " + written);
            int fitted = Twcc.statusCountAt(buf, 0);
            assertTrue(fitted >= 1 && fitted <= count);
            if (limit == RtcpHeader.MAX_PACKET_LENGTH) {
                assertEquals(count, fitted, "everything fits 256 KiB");
            }
            assertEquals(RtcpParseResult.OK, twcc.parse(buf, 0, written), "iteration " + iteration);
            assertEquals(baseSeq, twcc.baseSequenceNumber());
            assertEquals(referenceTime, twcc.referenceTime());
            assertEquals(iteration & 0xFF, twcc.feedbackPacketCount());
            assertArrayEquals(Arrays.copyOf(ticks, fitted), drainTicks(), "iteration " + iteration);
            if (fitted < count) {
                // one more status would not have fitted: the writer used the space it had
                int more = Twcc.write(new byte[140_000], 0, RtcpHeader.MAX_PACKET_LENGTH, 11, 22, baseSeq,
                        referenceTime, 0, ticks, 0, fitted + 1);
                assertTrue(more > limit, "prefix of " + (fitted + 1) + " takes " + more + " > " + limit);
            }
        }
    }

    static Stream<Arguments> malformed() {
        String header = "00 00 00 01  00 00 00 02 ";
        return Stream.of(
                Arguments.of("no FCI", "8F CD 00 02" + header, RtcpParseResult.TOO_SHORT),
                Arguments.of("FCI shorter than the fixed part", "8F CD 00 03" + header + "00 01 00 01",
                        RtcpParseResult.TOO_SHORT),
                Arguments.of("status count 0", "8F CD 00 04" + header + "00 01 00 00  00 00 00 00",
                        RtcpParseResult.BAD_COUNT),
                Arguments.of("no chunk for the count", "8F CD 00 04" + header + "00 01 00 01  00 00 00 00",
                        RtcpParseResult.BAD_LENGTH),
                Arguments.of("chunks cover fewer than the count", "8F CD 00 05" + header
                        + "00 01 00 10  00 00 00 00  C0 00 00 00", RtcpParseResult.BAD_LENGTH),
                Arguments.of("delta missing for a received packet", "8F CD 00 05" + header
                        + "00 01 00 03  00 00 00 00  20 03 01 01", RtcpParseResult.BAD_LENGTH),
                Arguments.of("large delta cut short", "8F CD 00 05" + header
                        + "00 01 00 02  00 00 00 00  40 02 01 01", RtcpParseResult.BAD_LENGTH),
                Arguments.of("more than 3 bytes after the deltas", "8F CD 00 06" + header
                        + "00 01 00 01  00 00 00 00  20 01 01 00  00 00 00 00", RtcpParseResult.BAD_LENGTH),
                Arguments.of("reserved symbol in a run", "8F CD 00 05" + header
                        + "00 01 00 01  00 00 00 00  60 01 01 00", RtcpParseResult.BAD_VALUE),
                Arguments.of("reserved symbol in a 2-bit vector (the draft's 3.1.4 example 2, 0xCD50)",
                        "8F CD 00 06" + header + "00 01 00 07  00 00 00 00  CD 50 01 01  01 00 00 00",
                        RtcpParseResult.BAD_VALUE),
                Arguments.of("padding count eats a delta", "AF CD 00 05" + header
                        + "00 01 00 01  00 00 00 00  20 01 94 02", RtcpParseResult.BAD_LENGTH),
                Arguments.of("padding count 0 with P set (pion's example3)", "AF CD 00 05" + header
                        + "00 01 00 01  00 00 00 00  20 01 94 00", RtcpParseResult.BAD_PADDING),
                Arguments.of("length past the buffer", "8F CD 00 06" + header
                        + "00 01 00 01  00 00 00 00  20 01 94 00", RtcpParseResult.BAD_LENGTH),
                Arguments.of("a NACK is not TWCC", "81 CD 00 03" + header + "00 01 00 00",
                        RtcpParseResult.WRONG_TYPE),
                Arguments.of("version 1", "4F CD 00 05" + header + "00 01 00 01  00 00 00 00  20 01 94 00",
                        RtcpParseResult.BAD_VERSION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformed(String name, String hex, RtcpParseResult expected) {
        byte[] buf = Hex.bytes(hex);
        assertEquals(expected, twcc.parse(buf, 0, buf.length));
        assertFalse(twcc.next(), "nothing to iterate after a failed parse");
    }

    @Test
    void draftChunkExamplesDecode() {
        // section 3.1.3 example 1: a run of 221 not received; 3.1.4 example 1: 1-bit vector 0x9F1C
        byte[] buf = Hex.bytes("""
                8F CD 00 0A   # length=10 (44 bytes)
                00 00 00 01  00 00 00 02
                00 64 00 F3   # base 100 | count 243 = 1 + 221 + 14 + 7
                00 00 00 00
                20 01         # run length: 1 received (100)
                00 DD         # run length: 221 not received (101..321)
                9F 1C         # 1-bit vector 0 11111 000 111 00: 323..327 and 331..333 received
                20 07         # run length: 7 received (336..342)
                01 01 01 01   # 1 + 8 + 7 = 16 small deltas of 1 tick
                01 01 01 01  01 01 01 01  01 01 01 01
                """);
        assertEquals(RtcpParseResult.OK, twcc.parse(buf, 0, buf.length));
        assertEquals(16, twcc.receivedCount());
        StringBuilder received = new StringBuilder();
        while (twcc.next()) {
            if (twcc.received() && twcc.sequenceNumber() > 100 && twcc.sequenceNumber() < 336) {
                received.append(twcc.sequenceNumber()).append(' ');
            }
        }
        assertEquals("323 324 325 326 327 331 332 333 ", received.toString());
        assertEquals(16 * 250L, twcc.receiveOffsetUs());
    }

    @Test
    void referenceTimeDifferenceCrossesTheWrap() {
        assertEquals(1, Twcc.referenceTimeDiff(0, 0xFFFFFF));
        assertEquals(-1, Twcc.referenceTimeDiff(0xFFFFFF, 0));
        assertEquals(100, Twcc.referenceTimeDiff(150, 50));
        assertEquals(-(1 << 23), Twcc.referenceTimeDiff(1 << 23, 0));
        assertEquals((1 << 23) - 1, Twcc.referenceTimeDiff((1 << 23) - 1, 0));
    }

    @Test
    void parsesAtAnOffsetAndRewinds() {
        byte[] packet = Hex.bytes(CHROME_SEVEN_PACKETS);
        byte[] buf = new byte[packet.length + 10];
        System.arraycopy(packet, 0, buf, 7, packet.length);
        assertEquals(RtcpParseResult.OK, twcc.parse(buf, 7, packet.length));
        int[] first = drainTicks();
        twcc.rewind();
        assertArrayEquals(first, drainTicks());
        assertEquals(RtcpParseResult.BAD_BOUNDS, twcc.parse(buf, 7, buf.length));
    }

    /** Every status as its delta in ticks or {@link Twcc#NOT_RECEIVED}, checking the running offset on the way. */
    private int[] drainTicks() {
        int[] out = new int[twcc.statusCount()];
        int n = 0;
        long offsetUs = 0;
        while (twcc.next()) {
            assertEquals(n, twcc.sequenceOffset());
            if (twcc.received()) {
                offsetUs += twcc.receiveDeltaUs();
                out[n++] = (int) (twcc.receiveDeltaUs() / Twcc.DELTA_TICK_US);
            } else {
                assertEquals(0, twcc.receiveDeltaUs());
                out[n++] = NR;
            }
            assertEquals(offsetUs, twcc.receiveOffsetUs());
        }
        return Arrays.copyOf(out, n);
    }
}

package io.patchbay.media.packet.rtcp;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.patchbay.media.packet.Hex;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the RTCP parsers: random and mutated compounds walked with {@link RtcpCompound}, every packet fed
 * to every parser, and writers called with random sizes. No exception may escape and no reported offset may leave
 * the buffer.
 */
class RtcpFuzzTest {
    private static final int ITERATIONS = 100_000;

    private static final byte[][] SEEDS = {
        Hex.bytes(RtcpCompoundTest.RR_SDES_PADDED_PLI),
        Hex.bytes(SenderReportTest.SR_WITH_ONE_BLOCK),
        Hex.bytes(ReceiverReportTest.RR_WITH_TWO_BLOCKS + PliTest.PLI + FirTest.FIR),
        Hex.bytes(RembTest.CHROME_REMB + "81 CD 00 04  00 00 00 01  00 00 00 02  00 0A 80 01  FF FE 00 07"),
        Hex.bytes("82 CA 00 06  00 00 00 01  02 02 6A 6F  01 01 78 00  00 00 00 02  01 02 79 79  00 00 00 00"
                + "81 CB 00 02  12 34 56 78  03 62 79 65  8F CD 00 03  00 00 00 01  00 00 00 02  00 01 00 02"),
    };

    private final RtcpCompound compound = new RtcpCompound();
    private final SenderReport sr = new SenderReport();
    private final ReceiverReport rr = new ReceiverReport();
    private final ReportBlock block = new ReportBlock();
    private final Fir fir = new Fir();
    private final Nack nack = new Nack();
    private final Remb remb = new Remb();
    private final Bye bye = new Bye();
    private final Sdes sdes = new Sdes();

    @Test
    void noExceptionOnRandomAndMutatedCompounds() {
        SplittableRandom random = new SplittableRandom(0x5EED_0002L);
        byte[] arena = new byte[512];
        int packets = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            random.nextBytes(arena);
            int len;
            if (random.nextInt(4) == 0) {
                len = random.nextInt(64);
                for (int at = 0; at + 4 <= len; at += 4 * (1 + random.nextInt(3))) {
                    arena[at] = (byte) (0x80 | random.nextInt(0x40)); // plausible headers
                    arena[at + 1] = (byte) (200 + random.nextInt(8));
                    arena[at + 2] = 0;
                    arena[at + 3] = (byte) random.nextInt(8);
                }
            } else {
                byte[] seed = SEEDS[random.nextInt(SEEDS.length)];
                len = Math.max(0, Math.min(arena.length, seed.length + random.nextInt(-6, 7)));
                System.arraycopy(seed, 0, arena, 0, Math.min(len, seed.length));
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips && len > 0; f++) {
                    int at = random.nextInt(len);
                    arena[at] = random.nextBoolean()
                            ? (byte) random.nextInt(256)
                            : (byte) (arena[at] ^ (1 << random.nextInt(8)));
                }
            }
            int off = random.nextInt(arena.length - len + 1);
            System.arraycopy(arena, 0, arena, off, len);
            try {
                compound.wrap(arena, off, len);
                while (compound.next()) {
                    packets++;
                    if (compound.offset() < off || compound.offset() + compound.length() > off + len) {
                        fail("packet outside the compound");
                    }
                    parseWithEveryParser(arena, compound.offset(), compound.length());
                }
                // parsers called directly at an arbitrary position must hold up too
                int at = off + (len == 0 ? 0 : random.nextInt(len));
                parseWithEveryParser(arena, at, off + len - at);
            } catch (RuntimeException e) {
                fail("iteration " + i + ": " + Hex.of(arena, off, len), e);
            }
        }
        assertTrue(packets > ITERATIONS / 2, "enough valid packets to exercise the parsers: " + packets);
    }

    private void parseWithEveryParser(byte[] buf, int off, int len) {
        int end = off + len;
        if (sr.parse(buf, off, len) == RtcpParseResult.OK) {
            for (int i = 0; i < sr.reportCount(); i++) {
                within(sr.reportBlockOffset(i), ReportBlock.LENGTH, end);
                sr.readReportBlock(i, block);
            }
        }
        if (rr.parse(buf, off, len) == RtcpParseResult.OK) {
            for (int i = 0; i < rr.reportCount(); i++) {
                within(rr.reportBlockOffset(i), ReportBlock.LENGTH, end);
                rr.readReportBlock(i, block);
            }
        }
        if (Pli.check(buf, off, len) == RtcpParseResult.OK) {
            Pli.mediaSsrc(buf, off);
        }
        if (fir.parse(buf, off, len) == RtcpParseResult.OK) {
            for (int i = 0; i < fir.entryCount(); i++) {
                fir.entrySsrc(i);
                fir.entrySeqNr(i);
            }
        }
        if (nack.parse(buf, off, len) == RtcpParseResult.OK) {
            int count = 0;
            while (nack.nextLost() >= 0) {
                count++;
            }
            if (count != nack.lostCount()) {
                fail("NACK iteration and count disagree");
            }
        }
        if (remb.parse(buf, off, len) == RtcpParseResult.OK) {
            if (remb.bitrateBps() < 0) {
                fail("negative REMB bitrate");
            }
            for (int i = 0; i < remb.ssrcCount(); i++) {
                remb.ssrc(i);
            }
        }
        if (bye.parse(buf, off, len) == RtcpParseResult.OK) {
            for (int i = 0; i < bye.sourceCount(); i++) {
                bye.ssrc(i);
            }
            if (bye.reasonOffset() >= 0) {
                within(bye.reasonOffset(), bye.reasonLength(), end);
            }
        }
        if (sdes.parse(buf, off, len) == RtcpParseResult.OK && sdes.cnameOffset() >= 0) {
            within(sdes.cnameOffset(), sdes.cnameLength(), end);
        }
        Twcc.check(buf, off, len);
    }

    private static void within(int at, int length, int end) {
        if (at < 0 || at + length > end) {
            fail("region " + at + "+" + length + " past " + end);
        }
    }

    @Test
    void writersRefuseInsteadOfThrowing() {
        SplittableRandom random = new SplittableRandom(0x5EED_0003L);
        ReportBlock[] blocks = new ReportBlock[40];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new ReportBlock();
        }
        long[] ssrcs = new long[300];
        int[] seqs = new int[300];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = random.nextInt(65536);
        }
        byte[] cname = new byte[300];
        for (int i = 0; i < 20_000; i++) {
            byte[] buf = new byte[random.nextInt(200)];
            int off = random.nextInt(-2, buf.length + 3);
            int count = random.nextInt(-1, 40);
            try {
                SenderReport.write(buf, off, 1, 2, 3, 4, 5, blocks, count);
                ReceiverReport.write(buf, off, 1, blocks, count);
                Pli.write(buf, off, 1, 2);
                Fir.write(buf, off, 1, 2, 3);
                Fir.write(buf, off, 1, ssrcs, seqs, count);
                Nack.write(buf, off, 1, 2, seqs, count);
                Remb.write(buf, off, 1, random.nextLong(), ssrcs, count);
                Bye.write(buf, off, ssrcs, count);
                Sdes.writeCname(buf, off, 1, cname, 0, random.nextInt(-1, 300));
            } catch (RuntimeException e) {
                fail("buffer " + buf.length + " off " + off + " count " + count, e);
            }
        }
    }
}

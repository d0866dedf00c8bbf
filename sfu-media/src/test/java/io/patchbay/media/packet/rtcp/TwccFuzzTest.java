package io.patchbay.media.packet.rtcp;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.patchbay.media.packet.Hex;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of {@link Twcc}: mutated known-good packets, and packets written from random statuses then mutated,
 * parsed at random offsets and walked to the end. No exception may escape, and an accepted packet must walk exactly
 * its status count with exactly its received count.
 */
class TwccFuzzTest {
    private static final int ITERATIONS = 50_000;

    private static final byte[][] SEEDS = {
        Hex.bytes(TwccTest.CHROME_ONE_PACKET),
        Hex.bytes(TwccTest.CHROME_SEVEN_PACKETS),
        Hex.bytes(TwccTest.ONE_BIT_VECTOR),
        Hex.bytes(TwccTest.ONE_BIT_VECTOR_PARTIAL),
        Hex.bytes(TwccTest.TWO_BIT_VECTOR),
        Hex.bytes(TwccTest.LONGEST_RUN_ACROSS_WRAP),
    };

    private final Twcc twcc = new Twcc();

    @Test
    void noExceptionOnMutatedPackets() {
        SplittableRandom random = new SplittableRandom(0x7CC_F022L);
        byte[] arena = new byte[1024];
        byte[] written = new byte[512];
        int[] ticks = new int[600];
        int accepted = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] seed;
            int seedLength;
            if (random.nextBoolean()) {
                seed = SEEDS[random.nextInt(SEEDS.length)];
                seedLength = seed.length;
            } else {
                int count = 1 + random.nextInt(ticks.length);
                for (int t = 0; t < count; t++) {
                    int kind = random.nextInt(4);
                    ticks[t] = kind == 0 ? Twcc.NOT_RECEIVED
                            : kind == 1 ? random.nextInt(-32_768, 32_768) : random.nextInt(256);
                }
                seed = written;
                seedLength = Twcc.write(written, 0, 24 + random.nextInt(written.length - 23), 1, 2,
                        random.nextInt(65536), random.nextInt(1 << 24), i, ticks, 0, count);
            }
            int len = Math.max(0, Math.min(arena.length, seedLength + random.nextInt(-6, 7)));
            random.nextBytes(arena);
            System.arraycopy(seed, 0, arena, 0, Math.min(len, seedLength));
            int flips = random.nextInt(5);
            for (int f = 0; f < flips && len > 0; f++) {
                int at = random.nextInt(len);
                arena[at] = random.nextBoolean()
                        ? (byte) random.nextInt(256)
                        : (byte) (arena[at] ^ (1 << random.nextInt(8)));
            }
            int off = random.nextInt(arena.length - len + 1);
            System.arraycopy(arena, 0, arena, off, len);
            try {
                if (walk(arena, off, len)) {
                    accepted++;
                }
                // arbitrary, even nonsensical, regions must be refused rather than thrown on
                walk(arena, random.nextInt(-2, arena.length + 2), random.nextInt(-2, 80));
            } catch (RuntimeException e) {
                fail("iteration " + i + ": " + Hex.of(arena, off, len), e);
            }
        }
        assertTrue(accepted > ITERATIONS / 10, "enough valid packets to exercise the walk: " + accepted);
    }

    private boolean walk(byte[] buf, int off, int len) {
        if (twcc.parse(buf, off, len) != RtcpParseResult.OK) {
            if (twcc.next()) {
                fail("iteration after a failed parse");
            }
            return false;
        }
        int statuses = 0;
        int received = 0;
        long offsetUs = 0;
        while (twcc.next()) {
            statuses++;
            if (twcc.received()) {
                received++;
                offsetUs += twcc.receiveDeltaUs();
            }
            if (twcc.receiveOffsetUs() != offsetUs || twcc.sequenceOffset() != statuses - 1) {
                fail("running offset or sequence offset wrong");
            }
        }
        if (statuses != twcc.statusCount() || received != twcc.receivedCount()) {
            fail("walked " + statuses + "/" + received + ", announced " + twcc.statusCount() + "/"
                    + twcc.receivedCount());
        }
        return true;
    }

    @Test
    void writerRefusesInsteadOfThrowing() {
        SplittableRandom random = new SplittableRandom(0x7CC_F023L);
        int[] ticks = new int[300];
        for (int i = 0; i < 20_000; i++) {
            for (int t = 0; t < ticks.length; t++) {
                ticks[t] = random.nextInt(8) == 0 ? Twcc.NOT_RECEIVED : random.nextInt(-40_000, 40_000);
            }
            byte[] buf = new byte[random.nextInt(200)];
            int off = random.nextInt(-2, buf.length + 3);
            int from = random.nextInt(-2, ticks.length + 2);
            int count = random.nextInt(-2, ticks.length + 2);
            try {
                int n = Twcc.write(buf, off, random.nextInt(-5, 300), 1, 2, random.nextInt(), random.nextInt(),
                        random.nextInt(), ticks, from, count);
                if (n >= 0 && twcc.parse(buf, off, n) != RtcpParseResult.OK) {
                    fail("wrote an unparseable packet");
                }
            } catch (RuntimeException e) {
                fail("buffer " + buf.length + " off " + off + " from " + from + " count " + count, e);
            }
        }
    }
}

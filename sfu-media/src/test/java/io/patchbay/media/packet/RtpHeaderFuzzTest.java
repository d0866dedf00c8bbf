package io.patchbay.media.packet;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of {@link RtpHeader#parse} and {@link RtpHeader#findExtension}: random and mutated packets, placed
 * at random offsets of a larger array. No exception may escape and nothing reported may point outside the packet.
 */
class RtpHeaderFuzzTest {
    private static final int ITERATIONS = 100_000;

    private static final byte[][] SEEDS = {
        Hex.bytes("80 60 12 34  00 00 30 39  DE AD BE EF  01 02 03"),
        Hex.bytes("82 08 00 07  00 00 00 A0  00 00 00 01  11 11 11 11  22 22 22 22  AB"),
        Hex.bytes("90 6F 00 01  00 00 00 02  00 00 00 03  BE DE 00 02  10 AA 00 22  01 02 03 00  C0 C1"),
        Hex.bytes("90 60 00 01  00 00 00 02  00 00 00 03  10 07 00 02  01 00 02 03  0A 0B 0C 00"),
        Hex.bytes("B1 60 00 01  00 00 00 02  00 00 00 03  11 11 11 11  BE DE 00 01  1F AA 00 00  11 00 02"),
        Hex.bytes("A0 60 00 01  00 00 00 02  00 00 00 03  00 00 00 04"),
    };

    @Test
    void noExceptionAndEveryOffsetStaysInsideThePacket() {
        SplittableRandom random = new SplittableRandom(0x5EED_0001L);
        RtpHeader header = new RtpHeader();
        byte[] arena = new byte[512];
        int ok = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            random.nextBytes(arena);
            int len;
            if (random.nextBoolean()) {
                len = random.nextInt(80);
                if (len > 0 && random.nextBoolean()) {
                    arena[0] = (byte) (0x80 | random.nextInt(0x40)); // version 2 half of the time
                }
            } else {
                byte[] seed = SEEDS[random.nextInt(SEEDS.length)];
                len = Math.max(0, Math.min(arena.length, seed.length + random.nextInt(-4, 5)));
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
            System.arraycopy(arena, 0, arena, off, len); // move the packet to a random offset
            try {
                if (header.parse(arena, off, len) == RtpParseResult.OK) {
                    ok++;
                    checkInvariants(header, off, len);
                }
            } catch (RuntimeException e) {
                fail("iteration " + i + ": " + Hex.of(arena, off, len), e);
            }
        }
        assertTrue(ok > ITERATIONS / 20, "enough packets parsed to exercise the extension walk: " + ok);
    }

    private static void checkInvariants(RtpHeader header, int off, int len) {
        int end = off + len;
        if (header.headerLength() < 12 || header.headerLength() > len || header.payloadLength() < 0
                || header.payloadOffset() + header.payloadLength() + header.paddingLength() != end) {
            fail("inconsistent lengths");
        }
        int extStart = header.extensionDataOffset();
        int extEnd = extStart + header.extensionDataLength();
        if (header.hasExtension() && (extStart < off + 16 || extEnd > header.payloadOffset())) {
            fail("extension outside the header");
        }
        for (int id = -1; id <= 256; id++) {
            int at = header.findExtension(id);
            if (at >= 0 && (at < extStart || at + header.foundExtensionLength() > extEnd)) {
                fail("element " + id + " at " + at + " outside the extension block");
            }
        }
    }
}

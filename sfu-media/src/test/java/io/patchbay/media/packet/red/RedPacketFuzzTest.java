package io.patchbay.media.packet.red;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.patchbay.media.packet.Hex;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpParseResult;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of {@link RedPacket}: random and mutated RED payloads behind a fixed RTP header, at random offsets.
 * No exception may escape; an accepted payload's blocks must tile it exactly, and stripping to the primary must give
 * a packet that parses with the primary as its payload.
 */
class RedPacketFuzzTest {
    private static final int ITERATIONS = 100_000;

    private static final byte[][] SEEDS = {
        Hex.bytes("EF 0F 00 06  6F  78 0B E4 C1 36 EC  78 0B E7 C9 28 5A 11"),
        Hex.bytes("EF 1E 00 02  EF 0F 00 01  6F  A1 A2  B1  C1 C2 C3"),
        Hex.bytes("80 00 00 00  00"),
        Hex.bytes("6F 01 02 03"),
        Hex.bytes("85 FF FF FF  05 00 00"),
    };
    private static final byte[] RTP_HEADER =
            Hex.bytes("90 3F 00 01  00 00 10 00  00 00 00 2A  BE DE 00 01  10 AA 00 00");

    @Test
    void noExceptionAndAcceptedPayloadsAreConsistent() {
        SplittableRandom random = new SplittableRandom(0x5EED_02EDL);
        RedPacket red = new RedPacket();
        RtpHeader header = new RtpHeader();
        byte[] payload = new byte[1200];
        byte[] arena = new byte[1600];
        byte[] out = new byte[1600];
        int ok = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            int len;
            if (random.nextBoolean()) {
                len = random.nextInt(60);
                random.nextBytes(payload);
            } else {
                byte[] seed = SEEDS[random.nextInt(SEEDS.length)];
                len = Math.max(0, seed.length + random.nextInt(-4, 5));
                Arrays.fill(payload, 0, len, (byte) 0);
                System.arraycopy(seed, 0, payload, 0, Math.min(len, seed.length));
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips && len > 0; f++) {
                    int at = random.nextInt(len);
                    payload[at] = random.nextBoolean()
                            ? (byte) random.nextInt(256)
                            : (byte) (payload[at] ^ (1 << random.nextInt(8)));
                }
            }
            int off = random.nextInt(arena.length - RTP_HEADER.length - len + 1);
            System.arraycopy(RTP_HEADER, 0, arena, off, RTP_HEADER.length);
            System.arraycopy(payload, 0, arena, off + RTP_HEADER.length, len);
            int packetLength = RTP_HEADER.length + len;
            try {
                assertEquals(RtpParseResult.OK, header.parse(arena, off, packetLength));
                if (red.parse(header) != RedParseResult.OK) {
                    continue;
                }
                ok++;
                checkTiling(red, header.payloadOffset(), len);
                for (int b = 0; b < red.redundantCount(); b++) {
                    int n = red.writeRedundant(header, b, 111, b, out, 0);
                    assertEquals(RtpHeader.FIXED_HEADER_LENGTH + red.blockLength(b), n);
                }
                int primaryAt = red.primaryOffset();
                byte[] primary = Arrays.copyOfRange(arena, primaryAt, primaryAt + red.primaryLength());
                int stripped = red.stripToPrimary(header, 111);
                assertEquals(RTP_HEADER.length + primary.length, stripped);
                assertEquals(RtpParseResult.OK, header.parse(arena, off, stripped));
                assertEquals(111, header.payloadType());
                assertEquals(Hex.of(primary), Hex.of(arena, header.payloadOffset(), header.payloadLength()));
            } catch (RuntimeException e) {
                fail("iteration " + i + ": " + Hex.of(payload, 0, len), e);
            }
        }
        assertTrue(ok > ITERATIONS / 10, "enough accepted payloads to check the invariants: " + ok);
    }

    private static void checkTiling(RedPacket red, int payloadOffset, int len) {
        int expectedOffset = payloadOffset + 4 * red.redundantCount() + 1;
        for (int b = 0; b < red.blockCount(); b++) {
            assertEquals(expectedOffset, red.blockOffset(b), "block " + b);
            assertTrue(red.blockLength(b) >= 0 && red.blockLength(b) <= RedPacket.MAX_BLOCK_LENGTH
                    || b == red.primaryIndex());
            assertTrue(red.timestampOffset(b) >= 0 && red.timestampOffset(b) <= RedPacket.MAX_TIMESTAMP_OFFSET);
            expectedOffset += red.blockLength(b);
        }
        assertEquals(payloadOffset + len, expectedOffset, "blocks end where the payload ends");
    }
}

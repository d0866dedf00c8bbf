package io.patchbay.media.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpParseResult;
import io.patchbay.media.packet.red.RedPacket;
import io.patchbay.media.packet.red.RedParseResult;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of RED payloads (RFC 2198) inside RTP packets: {@link RedPacket#parse} gives a typed
 * result; the blocks it reports tile the payload in order; the primary and each redundant block written out as plain
 * packets parse as RTP and carry exactly that block.
 */
class RedPacketFuzzTest {
    private final RtpHeader header = new RtpHeader();
    private final RtpHeader written = new RtpHeader();
    private final RedPacket red = new RedPacket();

    @FuzzTest(maxDuration = FuzzBudget.CI)
    void redPacket(byte[] input) {
        Placed p = Placed.of(input);
        if (header.parse(p.buf, p.off, p.len) != RtpParseResult.OK) {
            return;
        }
        RedParseResult result = red.parse(header);
        if (result != RedParseResult.OK) {
            assertEquals(0, red.blockCount(), "no blocks after " + result);
            return;
        }
        int payloadEnd = header.payloadOffset() + header.payloadLength();
        int expectedOffset = header.payloadOffset() + 4 * red.redundantCount() + 1;
        for (int i = 0; i < red.blockCount(); i++) {
            assertEquals(expectedOffset, red.blockOffset(i), "block " + i + " follows the previous one");
            assertTrue(red.blockLength(i) >= 0 && red.payloadType(i) >= 0 && red.payloadType(i) <= 127);
            expectedOffset += red.blockLength(i);
        }
        assertEquals(payloadEnd, expectedOffset, "the blocks end where the payload ends");
        byte[] dst = new byte[p.len + 16];
        for (int i = 0; i < red.redundantCount(); i++) {
            int length = red.writeRedundant(header, i, 100, 7, dst, 0);
            assertTrue(length >= 0, "redundant block " + i + " fits");
            checkPlainPacket(dst, length, red.blockOffset(i), red.blockLength(i));
        }
        int primaryOffset = red.primaryOffset();
        int primaryLength = red.primaryLength();
        int length = red.writePrimary(header, 111, dst, 0);
        assertTrue(length >= 0, "the primary fits");
        checkPlainPacket(dst, length, primaryOffset, primaryLength);
        assertEquals(header.headerLength() + primaryLength, red.stripToPrimary(header, 111), "in place, same length");
    }

    private void checkPlainPacket(byte[] dst, int length, int blockOffset, int blockLength) {
        assertEquals(RtpParseResult.OK, written.parse(dst, 0, length), "a plain packet");
        assertArrayEquals(Arrays.copyOfRange(header.buffer(), blockOffset, blockOffset + blockLength),
                Arrays.copyOfRange(dst, written.payloadOffset(), written.payloadOffset() + written.payloadLength()),
                "carrying exactly the block");
    }
}

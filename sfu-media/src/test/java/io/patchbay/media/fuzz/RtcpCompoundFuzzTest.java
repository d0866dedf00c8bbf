package io.patchbay.media.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.patchbay.media.packet.rtcp.RtcpCompound;

/**
 * Coverage-guided fuzzing of an RTCP datagram as the transport reads it: {@link RtcpCompound} walks the compound
 * (RFC 3550 section 6.1) and every packet goes to every per-type parser ({@link RtcpParsers}). The walk stays inside
 * the datagram and finds the same packets in the exact-size copy.
 */
class RtcpCompoundFuzzTest {
    private final RtcpCompound compound = new RtcpCompound();
    private final RtcpCompound exact = new RtcpCompound();
    private final RtcpParsers parsers = new RtcpParsers();

    @FuzzTest(maxDuration = FuzzBudget.CI)
    void compound(byte[] input) {
        Placed p = Placed.of(input);
        compound.wrap(p.buf, p.off, p.len);
        exact.wrap(input, 0, input.length);
        while (compound.next()) {
            assertTrue(exact.next(), "the exact-size copy has the packet too");
            assertEquals(compound.offset() - p.off, exact.offset(), "at the same place");
            assertEquals(compound.length(), exact.length(), "with the same length");
            assertTrue(compound.offset() >= p.off && compound.offset() + compound.length() <= p.end(),
                    "packet inside the datagram");
            parsers.parseWithEach(p.buf, compound.offset(), compound.length());
        }
        assertTrue(!exact.next(), "no extra packet in the exact-size copy");
        parsers.parseWithEach(p.buf, p.off, p.len); // the per-type parsers alone, on the raw datagram
    }
}

package io.patchbay.media.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.patchbay.media.packet.AbsSendTime;
import io.patchbay.media.packet.PacketClass;
import io.patchbay.media.packet.Rfc7983;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.RtpParseResult;

/**
 * Coverage-guided fuzzing of what reads an RTP datagram: the RFC 7983 demultiplexer, {@link RtpHeader#parse} and its
 * header extension walk (RFC 8285), and the abs-send-time value. Every offset reported stays inside the packet, the
 * exact-size copy parses the same, and the fixed header, CSRCs and one-byte elements rewritten with
 * {@link RtpHeaderWriter} parse back to the same values.
 */
class RtpHeaderFuzzTest {
    private final RtpHeader header = new RtpHeader();
    private final RtpHeader exact = new RtpHeader();
    private final RtpHeader again = new RtpHeader();
    private final RtpHeaderWriter writer = new RtpHeaderWriter();

    @FuzzTest(maxDuration = FuzzBudget.CI)
    void rtpPacket(byte[] input) {
        Placed p = Placed.of(input);
        PacketClass kind = Rfc7983.classify(p.buf, p.off, p.len);
        assertEquals(kind, Rfc7983.classify(input, 0, input.length), "demux reads only the first byte");
        assertTrue(!Rfc7983.isRtcp(p.buf, p.off, p.len) || kind == PacketClass.RTP_RTCP, "RTCP is in the RTP range");
        RtpParseResult result = header.parse(p.buf, p.off, p.len);
        assertEquals(result, exact.parse(input, 0, input.length), "same result on the exact-size copy");
        if (result != RtpParseResult.OK) {
            return;
        }
        assertTrue(header.headerLength() >= RtpHeader.FIXED_HEADER_LENGTH && header.payloadLength() >= 0
                && header.payloadOffset() + header.payloadLength() + header.paddingLength() == p.end(), "lengths");
        int extStart = header.extensionDataOffset();
        int extEnd = extStart + header.extensionDataLength();
        if (header.hasExtension()) {
            assertTrue(extStart >= p.off + 16 && extEnd <= header.payloadOffset(), "extension inside the header");
        }
        byte[] rewritten = new byte[input.length + 64];
        writer.begin(rewritten, 0, false, header.marker(), header.payloadType(), header.sequenceNumber(),
                header.timestamp(), header.ssrc());
        writer.copyCsrcs(p.buf, p.off + RtpHeader.FIXED_HEADER_LENGTH, header.csrcCount());
        for (int id = -1; id <= 256; id++) {
            int at = header.findExtension(id);
            if (at < 0) {
                continue;
            }
            int length = header.foundExtensionLength();
            assertTrue(at >= extStart && at + length <= extEnd, "element " + id + " inside the extension block");
            assertEquals(at, exact.findExtension(id) + p.off, "same element in the exact-size copy");
            if (length == 3) {
                long nanos = AbsSendTime.toNanos(((p.buf[at] & 0xFF) << 16) | ((p.buf[at + 1] & 0xFF) << 8)
                        | (p.buf[at + 2] & 0xFF));
                assertTrue(nanos >= 0 && nanos <= 64_000_000_000L, "abs-send-time within its 64 s window");
            }
            if (header.isOneByteExtension() && length <= RtpHeaderWriter.MAX_ELEMENT_LENGTH) {
                writer.addElement(id, p.buf, at, length);
            }
        }
        int written = writer.finish();
        assertTrue(written >= RtpHeader.FIXED_HEADER_LENGTH, "the header is rewritten");
        assertEquals(RtpParseResult.OK, again.parse(rewritten, 0, written), "the rewritten header parses");
        assertEquals(header.sequenceNumber(), again.sequenceNumber());
        assertEquals(header.timestamp(), again.timestamp());
        assertEquals(header.ssrc(), again.ssrc());
        assertEquals(header.payloadType(), again.payloadType());
        assertEquals(header.marker(), again.marker());
        assertEquals(header.csrcCount(), again.csrcCount());
        for (int i = 0; i < header.csrcCount(); i++) {
            assertEquals(header.csrc(i), again.csrc(i));
        }
    }
}

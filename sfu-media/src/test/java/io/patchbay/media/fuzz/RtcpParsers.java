package io.patchbay.media.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.packet.rtcp.Bye;
import io.patchbay.media.packet.rtcp.Fir;
import io.patchbay.media.packet.rtcp.Nack;
import io.patchbay.media.packet.rtcp.Pli;
import io.patchbay.media.packet.rtcp.ReceiverReport;
import io.patchbay.media.packet.rtcp.Remb;
import io.patchbay.media.packet.rtcp.ReportBlock;
import io.patchbay.media.packet.rtcp.RtcpParseResult;
import io.patchbay.media.packet.rtcp.Sdes;
import io.patchbay.media.packet.rtcp.SenderReport;
import io.patchbay.media.packet.rtcp.Twcc;
import java.util.BitSet;

/**
 * Every per-type RTCP parser (SR, RR, SDES, BYE, NACK, PLI, FIR, REMB, TWCC) applied to one region, with the
 * contract each promises on OK: counts and regions inside the packet, iterations that agree with their counts, and
 * NACK and PLI written back from what was read parsing to the same values.
 */
final class RtcpParsers {
    private final SenderReport sr = new SenderReport();
    private final ReceiverReport rr = new ReceiverReport();
    private final ReportBlock block = new ReportBlock();
    private final Sdes sdes = new Sdes();
    private final Bye bye = new Bye();
    private final Nack nack = new Nack();
    private final Nack nackAgain = new Nack();
    private final Fir fir = new Fir();
    private final Remb remb = new Remb();
    private final Twcc twcc = new Twcc();
    private final int[] lost = new int[65536];
    private final byte[] out = new byte[1 << 18];

    void parseWithEach(byte[] buf, int off, int len) {
        int end = off + len;
        if (sr.parse(buf, off, len) == RtcpParseResult.OK) {
            for (int i = 0; i < sr.reportCount(); i++) {
                inside(sr.reportBlockOffset(i), ReportBlock.LENGTH, end);
                sr.readReportBlock(i, block);
            }
        }
        if (rr.parse(buf, off, len) == RtcpParseResult.OK) {
            for (int i = 0; i < rr.reportCount(); i++) {
                inside(rr.reportBlockOffset(i), ReportBlock.LENGTH, end);
                rr.readReportBlock(i, block);
            }
        }
        if (sdes.parse(buf, off, len) == RtcpParseResult.OK && sdes.cnameOffset() >= 0) {
            inside(sdes.cnameOffset(), sdes.cnameLength(), end);
        }
        if (bye.parse(buf, off, len) == RtcpParseResult.OK) {
            for (int i = 0; i < bye.sourceCount(); i++) {
                bye.ssrc(i);
            }
            if (bye.reasonOffset() >= 0) {
                inside(bye.reasonOffset(), bye.reasonLength(), end);
            }
        }
        if (Pli.check(buf, off, len) == RtcpParseResult.OK) {
            int written = Pli.write(out, 0, Pli.senderSsrc(buf, off), Pli.mediaSsrc(buf, off));
            assertEquals(RtcpParseResult.OK, Pli.check(out, 0, written), "a written PLI parses");
            assertEquals(Pli.mediaSsrc(buf, off), Pli.mediaSsrc(out, 0), "PLI media SSRC round-trips");
        }
        if (fir.parse(buf, off, len) == RtcpParseResult.OK) {
            for (int i = 0; i < fir.entryCount(); i++) {
                assertTrue(fir.entrySeqNr(i) >= 0 && fir.entrySeqNr(i) <= 255 && fir.entrySsrc(i) >= 0, "FIR entry");
            }
        }
        nack(buf, off, len);
        if (remb.parse(buf, off, len) == RtcpParseResult.OK) {
            assertTrue(remb.bitrateBps() >= 0, "REMB bitrate");
            for (int i = 0; i < remb.ssrcCount(); i++) {
                remb.ssrc(i);
            }
        }
        twcc(buf, off, len);
    }

    private void nack(byte[] buf, int off, int len) {
        if (nack.parse(buf, off, len) != RtcpParseResult.OK) {
            return;
        }
        int count = 0;
        for (int seq = nack.nextLost(); seq >= 0; seq = nack.nextLost()) {
            assertTrue(seq <= 0xFFFF && count < lost.length, "lost sequence number " + seq);
            lost[count++] = seq;
        }
        assertEquals(nack.lostCount(), count, "NACK iteration and count agree");
        int written = Nack.write(out, 0, nack.senderSsrc(), nack.mediaSsrc(), lost, count);
        if (written < 0) {
            return; // more lost packets than one written NACK holds
        }
        assertEquals(RtcpParseResult.OK, nackAgain.parse(out, 0, written), "a written NACK parses");
        BitSet read = new BitSet(65536);
        for (int i = 0; i < count; i++) {
            read.set(lost[i]);
        }
        BitSet again = new BitSet(65536);
        for (int seq = nackAgain.nextLost(); seq >= 0; seq = nackAgain.nextLost()) {
            again.set(seq);
        }
        assertEquals(read, again, "the set of lost packets round-trips (the network's order need not)");
    }

    private void twcc(byte[] buf, int off, int len) {
        if (twcc.parse(buf, off, len) != RtcpParseResult.OK) {
            return;
        }
        assertEquals(RtcpParseResult.OK, Twcc.check(buf, off, len), "what parses passes the header check");
        int statuses = 0;
        int received = 0;
        while (twcc.next()) {
            assertEquals(statuses, twcc.sequenceOffset(), "statuses in order");
            statuses++;
            if (twcc.received()) {
                received++;
            }
        }
        assertEquals(twcc.statusCount(), statuses, "TWCC iteration and status count agree");
        assertEquals(twcc.receivedCount(), received, "TWCC received count");
    }

    private static void inside(int at, int length, int end) {
        assertTrue(at >= 0 && length >= 0 && at + length <= end, "region " + at + "+" + length + " past " + end);
    }
}

package io.patchbay.load.peer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The few RTCP packets the test peer reads and writes, by its own small code. Common header (RFC 3550 6.4):
 * <pre>
 * |V=2|P| RC/FMT  |      PT       |             length            |
 * |                 SSRC of packet sender                         |
 * </pre>
 * SR = 200, RR = 201, SDES = 202, BYE = 203, RTPFB = 205 (FMT 1 NACK, 15 TWCC), PSFB = 206 (FMT 1 PLI,
 * 4 FIR, 15 REMB) (RFC 4585 6.1).
 */
final class Rtcp {
    static final int SR = 200;
    static final int RR = 201;
    static final int RTPFB = 205;
    static final int PSFB = 206;
    static final int FMT_PLI = 1;
    static final int FMT_FIR = 4;
    static final int FMT_NACK = 1;

    private Rtcp() {
    }

    /** One packet of a compound: type, count/FMT, sender SSRC, media SSRC (feedback) and report-block SSRCs. */
    record Packet(int packetType, int countOrFmt, long senderSsrc, long mediaSsrc, List<Long> reportedSsrcs,
                  long senderPacketCount, long rembBps) {
        boolean isPli() {
            return packetType == PSFB && countOrFmt == FMT_PLI;
        }
    }

    /** Splits a compound RTCP packet; returns null if any length is inconsistent. */
    static List<Packet> parseCompound(byte[] d) {
        List<Packet> out = new ArrayList<>();
        int pos = 0;
        while (pos < d.length) {
            if (pos + 4 > d.length || (d[pos] & 0xC0) != 0x80) {
                return null;
            }
            int count = d[pos] & 0x1F;
            int pt = d[pos + 1] & 0xFF;
            int length = 4 * (RtpPacket.u16(d, pos + 2) + 1);
            if (pos + length > d.length || length < 8) {
                return null;
            }
            long sender = RtpPacket.u32(d, pos + 4);
            long media = 0;
            long senderPackets = -1;
            List<Long> reported = new ArrayList<>();
            if ((pt == RTPFB || pt == PSFB) && length >= 12) {
                media = RtpPacket.u32(d, pos + 8);
            }
            int blocksAt = -1;
            if (pt == SR && length >= 28) {
                senderPackets = RtpPacket.u32(d, pos + 20);
                blocksAt = pos + 28;
            } else if (pt == RR) {
                blocksAt = pos + 8;
            }
            if (blocksAt >= 0) {
                for (int i = 0; i < count && blocksAt + 24 * (i + 1) <= pos + length; i++) {
                    reported.add(RtpPacket.u32(d, blocksAt + 24 * i));
                }
            }
            long remb = -1;
            // draft-alvestrand-rmcat-remb-03: 'REMB', num SSRC, 6-bit exponent, 18-bit mantissa.
            if (pt == PSFB && count == 15 && length >= 20 && d[pos + 12] == 'R' && d[pos + 13] == 'E'
                    && d[pos + 14] == 'M' && d[pos + 15] == 'B') {
                int exp = (d[pos + 17] & 0xFF) >> 2;
                long mantissa = ((d[pos + 17] & 0x03L) << 16) | ((d[pos + 18] & 0xFFL) << 8) | (d[pos + 19] & 0xFFL);
                remb = mantissa << exp;
            }
            out.add(new Packet(pt, count, sender, media, reported, senderPackets, remb));
            pos += length;
        }
        return out;
    }

    /** RFC 4585 6.3.1: Picture Loss Indication. */
    static byte[] pli(long senderSsrc, long mediaSsrc) {
        return ByteBuffer.allocate(12).put((byte) (0x80 | FMT_PLI)).put((byte) PSFB).putShort((short) 2)
                .putInt((int) senderSsrc).putInt((int) mediaSsrc).array();
    }

    /** A report block for {@link #receiverReport}. */
    record ReportBlock(long ssrc, long extendedHighestSeq, long cumulativeLost) { }

    /** RFC 3550 6.4.2: Receiver Report with one block per source (no LSR/DLSR, jitter 0). */
    static byte[] receiverReport(long senderSsrc, List<ReportBlock> blocks) {
        int n = Math.min(31, blocks.size());
        ByteBuffer b = ByteBuffer.allocate(8 + 24 * n);
        b.put((byte) (0x80 | n)).put((byte) RR).putShort((short) (1 + 6 * n)).putInt((int) senderSsrc);
        for (int i = 0; i < n; i++) {
            ReportBlock r = blocks.get(i);
            long lost = Math.max(0, Math.min(0x7FFFFF, r.cumulativeLost()));
            b.putInt((int) r.ssrc()).putInt((int) lost).putInt((int) r.extendedHighestSeq())
                    .putInt(0).putInt(0).putInt(0);
        }
        return b.array();
    }
}

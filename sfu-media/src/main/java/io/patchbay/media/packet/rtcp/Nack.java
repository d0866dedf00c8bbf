package io.patchbay.media.packet.rtcp;

import io.patchbay.media.packet.Bytes;
import io.patchbay.media.packet.SequenceNumbers;

/**
 * Generic NACK, RTPFB (PT=205) FMT=1 (RFC 4585 section 6.2.1). Each FCI entry names a lost packet (PID) and a bitmask
 * of the 16 following ones (BLP, bit i set: PID + i + 1 lost). Reusable parsed view (one per thread) that also walks
 * the lost sequence numbers without allocating, plus a static writer that packs a list of lost sequence numbers.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=1   |   PT=205      |          length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            PID                |             BLP               |  FCI entry, 1..n
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <pre>
 *   nack.parse(buf, off, len);
 *   for (int seq = nack.nextLost(); seq >= 0; seq = nack.nextLost()) { retransmit(seq); }
 * </pre>
 */
public final class Nack {
    public static final int FMT = 1;
    public static final int ENTRY_LENGTH = 4;
    /** Most sequence numbers one entry covers: the PID and the 16 bits of BLP. */
    public static final int SEQS_PER_ENTRY = 17;

    private byte[] buf;
    private int offset;
    private long senderSsrc;
    private long mediaSsrc;
    private int entryCount;
    /** Iteration cursor: current entry, and bit within it (-1 is the PID itself, 0..15 the BLP bits). */
    private int cursorEntry;
    private int cursorBit;

    /**
     * Parses the NACK at {@code buf[off]}; {@code len} is the bytes available. At least one entry is required; bytes
     * after the last whole entry are ignored. Rewinds the lost-sequence iteration.
     */
    public RtcpParseResult parse(byte[] buf, int off, int len) {
        RtcpParseResult result = RtcpHeader.check(buf, off, len, RtcpHeader.RTPFB, FMT,
                RtcpHeader.FEEDBACK_HEADER_LENGTH + ENTRY_LENGTH);
        if (result != RtcpParseResult.OK) {
            entryCount = 0;
            rewindLost();
            return result;
        }
        this.buf = buf;
        this.offset = off;
        this.senderSsrc = RtcpHeader.senderSsrc(buf, off);
        this.mediaSsrc = RtcpHeader.mediaSsrc(buf, off);
        this.entryCount = (RtcpHeader.contentLength(buf, off) - RtcpHeader.FEEDBACK_HEADER_LENGTH) / ENTRY_LENGTH;
        rewindLost();
        return RtcpParseResult.OK;
    }

    public long senderSsrc() {
        return senderSsrc;
    }

    /** SSRC of the stream whose packets were lost. */
    public long mediaSsrc() {
        return mediaSsrc;
    }

    /** Number of PID/BLP entries. */
    public int entryCount() {
        return entryCount;
    }

    /** Packet ID (a lost sequence number) of entry {@code i}. */
    public int pid(int i) {
        return Bytes.u16(buf, entryOffset(i));
    }

    /** Bitmask of following lost packets of entry {@code i}. */
    public int blp(int i) {
        return Bytes.u16(buf, entryOffset(i) + 2);
    }

    /** Total lost sequence numbers named (duplicates across entries counted twice). */
    public int lostCount() {
        int count = 0;
        for (int i = 0; i < entryCount; i++) {
            count += 1 + Integer.bitCount(blp(i));
        }
        return count;
    }

    /** The next lost sequence number (0..65535) in packet order, or -1 when all were returned. */
    public int nextLost() {
        while (cursorEntry < entryCount) {
            int at = entryOffset(cursorEntry);
            int pid = Bytes.u16(buf, at);
            if (cursorBit < 0) {
                cursorBit = 0;
                return pid;
            }
            int blp = Bytes.u16(buf, at + 2);
            int remaining = blp >>> cursorBit;
            if (remaining != 0) {
                int bit = cursorBit + Integer.numberOfTrailingZeros(remaining);
                cursorBit = bit + 1;
                return (pid + bit + 1) & 0xFFFF;
            }
            cursorEntry++;
            cursorBit = -1;
        }
        return -1;
    }

    /** Restarts {@link #nextLost()} from the first entry. */
    public void rewindLost() {
        cursorEntry = 0;
        cursorBit = -1;
    }

    private int entryOffset(int i) {
        return offset + RtcpHeader.FEEDBACK_HEADER_LENGTH + i * ENTRY_LENGTH;
    }

    /**
     * Writes a NACK for the lost sequence numbers {@code lost[0..count)}, given in ascending (wrapping) order: each
     * one within 16 after the current entry's PID becomes a BLP bit, any other starts a new entry. Repeats of a PID
     * are skipped.
     *
     * @return bytes written, or -1 when {@code count} is not positive or the packet does not fit
     */
    public static int write(byte[] buf, int off, long senderSsrc, long mediaSsrc, int[] lost, int count) {
        if (count < 1 || lost == null || lost.length < count || !Bytes.inBounds(buf, off, 0)) {
            return -1;
        }
        int entryAt = off + RtcpHeader.FEEDBACK_HEADER_LENGTH;
        int entries = 0;
        int pid = 0;
        int blp = 0;
        for (int i = 0; i < count; i++) {
            int seq = lost[i] & 0xFFFF;
            if (entries > 0) {
                int distance = SequenceNumbers.diff(seq, pid);
                if (distance == 0) {
                    continue;
                }
                if (distance >= 1 && distance <= 16) {
                    blp |= 1 << (distance - 1);
                    continue;
                }
                Bytes.put16(buf, entryAt - ENTRY_LENGTH + 2, blp);
            }
            if (entryAt + ENTRY_LENGTH > buf.length
                    || entryAt + ENTRY_LENGTH - off > RtcpHeader.MAX_PACKET_LENGTH) {
                return -1;
            }
            pid = seq;
            blp = 0;
            Bytes.put16(buf, entryAt, pid);
            entryAt += ENTRY_LENGTH;
            entries++;
        }
        Bytes.put16(buf, entryAt - ENTRY_LENGTH + 2, blp);
        int total = entryAt - off;
        RtcpHeader.writeFeedback(buf, off, FMT, RtcpHeader.RTPFB, total, senderSsrc, mediaSsrc);
        return total;
    }
}

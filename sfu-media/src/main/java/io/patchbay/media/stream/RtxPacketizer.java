package io.patchbay.media.stream;

import io.patchbay.media.packet.Bytes;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpParseResult;

/**
 * RTX retransmission packets (RFC 4588 section 4): the original payload prefixed with the Original Sequence Number,
 * sent on the RTX SSRC with the RTX payload type and the RTX stream's own sequence numbers; timestamp and marker are
 * the original's.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP Header                            |  RTX SSRC, RTX PT, RTX seq,
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  original timestamp and marker
 * |            OSN                |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * |                  Original RTP Packet Payload                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Sending to a subscriber, the header is the subscriber's (fresh extensions), so the caller writes it:
 * <pre>
 *   writer.begin(dst, off, false, marker, rtxPt, rtxSeq, outTimestamp, rtxSsrc);
 *   writer.addElement(...); ...
 *   int headerLength = writer.finish();
 *   int n = RtxPacketizer.writeOsnAndPayload(dst, off + headerLength, outSeq, src, payloadOff, payloadLen);
 *   int packetLength = headerLength + n;
 * </pre>
 * {@link #wrap} does it in one step, keeping the original header bytes. {@link #unwrap} turns an RTX packet received
 * from a publisher back into the original packet, in place, so it can enter the normal receive path.
 *
 * <p>Stateless and allocation-free; called on the media thread that owns the buffers involved. The RTX sequence
 * counter is the caller's (one per RTX stream).
 */
public final class RtxPacketizer {
    /** Bytes of the Original Sequence Number field. */
    public static final int OSN_LENGTH = 2;

    /** Why {@link #unwrap} accepted or refused an RTX packet; refused packets are dropped and counted. */
    public enum UnwrapResult {
        OK,
        /** The RTP header does not parse (see {@link RtpParseResult}). */
        MALFORMED,
        /** No payload at all: an RTX padding packet (sent for bandwidth probing); nothing to recover. */
        PADDING_ONLY,
        /** A payload of one byte: the OSN does not fit. */
        TOO_SHORT
    }

    private RtxPacketizer() {
    }

    /**
     * Writes the OSN (low 16 bits of {@code originalSeq}) and then {@code src[payloadOff, payloadOff + payloadLen)} at
     * {@code dst[off]}. The source region may overlap the destination (copied as by {@link System#arraycopy}) as
     * long as it does not start inside the two OSN bytes.
     *
     * @return bytes written ({@code 2 + payloadLen}), or -1 when a region is out of bounds
     */
    public static int writeOsnAndPayload(byte[] dst, int off, int originalSeq, byte[] src, int payloadOff,
            int payloadLen) {
        if (!Bytes.inBounds(src, payloadOff, payloadLen) || payloadLen > Integer.MAX_VALUE - OSN_LENGTH
                || !Bytes.inBounds(dst, off, OSN_LENGTH + payloadLen)) {
            return -1;
        }
        System.arraycopy(src, payloadOff, dst, off + OSN_LENGTH, payloadLen);
        Bytes.put16(dst, off, originalSeq);
        return OSN_LENGTH + payloadLen;
    }

    /**
     * Writes the RTX packet for the packet {@code original} describes (a successfully parsed view) at
     * {@code dst[dstOff]}: the original header bytes (CSRCs and extensions kept) with {@code rtxSsrc},
     * {@code rtxPayloadType} (marker kept) and {@code rtxSeq}, the padding flag cleared, then the OSN (the original
     * sequence number) and the original payload without its padding. {@code dst} may be the original's own array,
     * at any offset, including the same one (in place: the payload moves two bytes right into the tailroom).
     *
     * @return the RTX packet's length, or -1 when it does not fit in {@code dst}
     */
    public static int wrap(RtpHeader original, byte[] dst, int dstOff, long rtxSsrc, int rtxPayloadType,
            int rtxSeq) {
        byte[] src = original.buffer();
        int srcOff = original.offset();
        int headerLength = original.headerLength();
        int payloadLength = original.payloadLength();
        int total = headerLength + OSN_LENGTH + payloadLength;
        if (src == null || !Bytes.inBounds(src, srcOff, headerLength + payloadLength)
                || !Bytes.inBounds(dst, dstOff, total)) {
            return -1;
        }
        int osn = original.sequenceNumber();
        // Order the two moves so neither overwrites source bytes the other still needs when the regions overlap.
        if (src != dst || dstOff <= srcOff) {
            System.arraycopy(src, srcOff, dst, dstOff, headerLength);
            System.arraycopy(src, srcOff + headerLength, dst, dstOff + headerLength + OSN_LENGTH, payloadLength);
        } else {
            System.arraycopy(src, srcOff + headerLength, dst, dstOff + headerLength + OSN_LENGTH, payloadLength);
            System.arraycopy(src, srcOff, dst, dstOff, headerLength);
        }
        Bytes.put16(dst, dstOff + headerLength, osn);
        dst[dstOff] = (byte) (dst[dstOff] & ~0x20);
        RtpHeader.setPayloadType(dst, dstOff, rtxPayloadType);
        RtpHeader.setSequenceNumber(dst, dstOff, rtxSeq);
        RtpHeader.setSsrc(dst, dstOff, rtxSsrc);
        return total;
    }

    /**
     * Turns the RTX packet in {@code packet} back into the original packet, in place: the OSN becomes the sequence
     * number, {@code originalSsrc} and {@code originalPayloadType} (the payload type the RTX payload type's
     * {@code apt} names) replace the RTX ones, and the payload moves two bytes left over the OSN; header extensions,
     * marker, timestamp and padding stay. {@code packet.length} shrinks by two.
     *
     * @param view a reusable header view; on {@link UnwrapResult#OK} it describes the unwrapped packet, otherwise its
     *     state is unspecified
     */
    public static UnwrapResult unwrap(PacketBuffer packet, RtpHeader view, long originalSsrc,
            int originalPayloadType) {
        if (view.parse(packet.data, packet.offset, packet.length) != RtpParseResult.OK) {
            return UnwrapResult.MALFORMED;
        }
        int payloadLength = view.payloadLength();
        if (payloadLength == 0) {
            return UnwrapResult.PADDING_ONLY;
        }
        if (payloadLength < OSN_LENGTH) {
            return UnwrapResult.TOO_SHORT;
        }
        byte[] buf = packet.data;
        int off = packet.offset;
        int payloadOffset = view.payloadOffset();
        int osn = Bytes.u16(buf, payloadOffset);
        int end = off + packet.length;
        // Move payload and padding (if any) left; the padding count stays the last byte.
        System.arraycopy(buf, payloadOffset + OSN_LENGTH, buf, payloadOffset, end - payloadOffset - OSN_LENGTH);
        packet.length -= OSN_LENGTH;
        RtpHeader.setSequenceNumber(buf, off, osn);
        RtpHeader.setSsrc(buf, off, originalSsrc);
        RtpHeader.setPayloadType(buf, off, originalPayloadType);
        view.parse(buf, off, packet.length);
        return UnwrapResult.OK;
    }
}

package io.patchbay.media.forward;

import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.codec.Vp8OutputTag;
import io.patchbay.media.packet.AbsSendTime;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.red.RedPacket;
import io.patchbay.media.packet.red.RedParseResult;
import io.patchbay.media.stream.RtxPacketizer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The apply step of one consumer: writes what the subscriber receives into a pooled buffer and sends it. A fresh
 * header (subscriber SSRC, canonical payload type, rewritten sequence number and timestamp, extensions: mid,
 * abs-send-time stamped now, transport-wide sequence number, audio level and Dependency Descriptor copied), the payload copied (behind the
 * original sequence number on the RTX stream for a retransmission, RFC 4588; RED kept or cut to its primary block,
 * RFC 2198; VP8 picture ids as decided), then protect and send. Also the padding-only packets of bandwidth probes.
 * Media-thread only; allocation-free.
 */
final class ConsumerWriter {
    private final Producer producer;
    private final TransportBinding subscriber;
    private final long ssrc;
    private final byte[] midBytes;
    private final ExtensionIds extensions;
    private final OutputBuffer output;
    private final MediaStats stats;
    private final RtpHeaderWriter writer;
    private final long rtxSsrc;
    private final int rtxPayloadType;
    /** Output payload type to its RTX payload type (0: {@link #rtxPayloadType}). */
    private final int[] rtxPayloadTypeByOutput = new int[128];
    /** The subscriber takes Opus RED as the publisher sends it; otherwise only the primary (Opus) block goes. */
    private final boolean red;
    private final RedPacket redView;
    private int rtxSequence = ThreadLocalRandom.current().nextInt(0x10000);

    ConsumerWriter(ConsumerSpec spec, Producer producer, TransportBinding subscriber, OutputBuffer output,
                   MediaStats stats, RtpHeaderWriter writer, RedPacket redView) {
        this.producer = producer;
        this.subscriber = subscriber;
        this.ssrc = spec.ssrc();
        this.midBytes = spec.mid().getBytes(StandardCharsets.US_ASCII);
        this.extensions = spec.extensions();
        this.output = output;
        this.stats = stats;
        this.writer = writer;
        this.rtxSsrc = spec.rtxSsrc();
        this.rtxPayloadType = spec.rtxPayloadType();
        spec.rtxPayloadTypes().forEach((pt, rtxPt) -> rtxPayloadTypeByOutput[pt] = rtxPt);
        this.red = spec.red();
        this.redView = redView;
    }

    /** RTX negotiated: retransmissions and padding have a stream of their own. */
    boolean hasRtx() {
        return rtxSsrc != 0 && rtxPayloadType > 0;
    }

    /**
     * A padding-only packet on the RTX stream (RFC 3550 5.1: P bit, the last byte counts the padding) with this
     * transport's sequence number: bandwidth probing. Browsers count it for transport-wide feedback and drop it.
     */
    boolean sendPadding(int paddingBytes, long timestamp, long nowNanos) {
        byte[] out = output.data;
        int dstOff = PacketBuffer.HEADROOM;
        rtxSequence = (rtxSequence + 1) & 0xFFFF;
        writer.begin(out, dstOff, true, false, rtxPayloadType, rtxSequence, timestamp, rtxSsrc);
        if (extensions.mid() > 0) writer.addElement(extensions.mid(), midBytes, 0, midBytes.length);
        if (extensions.absSendTime() > 0) writer.addAbsSendTime(extensions.absSendTime(), AbsSendTime.fromNanos(nowNanos));
        int transportSequence = -1;
        if (extensions.transportCc() > 0) {
            transportSequence = subscriber.nextTransportSequence();
            writer.addTransportSeq(extensions.transportCc(), transportSequence);
        }
        int headerLength = writer.finish();
        int total = headerLength + paddingBytes;
        if (headerLength < 0 || dstOff + total + subscriber.transport.srtpOverheadBytes() > out.length) return false;
        java.util.Arrays.fill(out, dstOff + headerLength, dstOff + total - 1, (byte) 0);
        out[dstOff + total - 1] = (byte) paddingBytes;
        if (!subscriber.transport.sendRtp(out, dstOff, total)) return false;
        stats.paddingSent(total);
        subscriber.onSent(transportSequence, total, nowNanos);
        return true;
    }

    /**
     * Writes the subscriber's header, copies the payload (behind an OSN for RTX), protects and sends. {@code marker}
     * sets the marker bit on a packet that has none (the end of the highest SVC layer sent).
     *
     * @return the payload bytes sent, or -1 when nothing was sent
     */
    int send(RtpHeader in, int outputPayloadType, int outSeq, long outTs, long payloadTag, boolean marker,
             boolean retransmission, long nowNanos) {
        boolean rtx = retransmission && rtxSsrc != 0;
        byte[] src = in.buffer();
        int payloadOffset = in.payloadOffset();
        int payloadLength = in.payloadLength();
        int paddingLength = in.paddingLength();
        boolean padding = in.hasPadding();
        boolean redIn = in.payloadType() == producer.redPayloadType;
        if (redIn) {
            if (redView.parse(in) != RedParseResult.OK) {
                stats.dropped(DropReason.RTP_MALFORMED);
                return -1;
            }
            if (!red) {
                // RFC 2198 to plain Opus for a subscriber that did not negotiate RED: the primary block only.
                outputPayloadType = producer.outputPayloadType(redView.primaryPayloadType());
                if (outputPayloadType < 0) {
                    stats.dropped(DropReason.UNSUPPORTED_PAYLOAD_TYPE);
                    return -1;
                }
                payloadOffset = redView.primaryOffset();
                payloadLength = redView.primaryLength();
                paddingLength = 0;
                padding = false;
            }
        }

        // Written where it leaves from: another thread's egress lane slot, or the router's output buffer.
        byte[] slot = subscriber.transport.rtpSlot();
        byte[] out = slot != null ? slot : output.data;
        int dstOff = slot != null ? 0 : PacketBuffer.HEADROOM;
        int transportSequence = -1;
        if (rtx) {
            // RFC 4588 4: own SSRC, payload type and sequence space; the original sequence number leads the payload.
            rtxSequence = (rtxSequence + 1) & 0xFFFF;
            int rtxPt = rtxPayloadTypeByOutput[outputPayloadType & 0x7F];
            writer.begin(out, dstOff, false, in.marker() || marker, rtxPt > 0 ? rtxPt : rtxPayloadType,
                    rtxSequence, outTs, rtxSsrc);
        } else {
            writer.begin(out, dstOff, padding, in.marker() || marker, outputPayloadType, outSeq, outTs, ssrc);
        }
        if (in.csrcCount() > 0) writer.copyCsrcs(src, in.offset() + RtpHeader.FIXED_HEADER_LENGTH, in.csrcCount());
        if (longestCopied(in) > RtpHeaderWriter.MAX_ELEMENT_LENGTH) writer.useTwoByteForm();
        if (extensions.mid() > 0) writer.addElement(extensions.mid(), midBytes, 0, midBytes.length);
        if (extensions.absSendTime() > 0) writer.addAbsSendTime(extensions.absSendTime(), AbsSendTime.fromNanos(nowNanos));
        if (extensions.transportCc() > 0) {
            transportSequence = subscriber.nextTransportSequence();
            writer.addTransportSeq(extensions.transportCc(), transportSequence);
        }
        copyExtension(in, producer.extensions.audioLevel(), extensions.audioLevel());
        copyExtension(in, producer.extensions.dependencyDescriptor(), extensions.dependencyDescriptor());
        int headerLength = writer.finish();
        int bodyLength = rtx ? RtxPacketizer.OSN_LENGTH + payloadLength : payloadLength + paddingLength;
        int total = headerLength + bodyLength;
        if (headerLength < 0 || dstOff + total + subscriber.transport.srtpOverheadBytes() > out.length) {
            stats.dropped(DropReason.RTP_MALFORMED);
            return -1;
        }
        if (rtx) {
            RtxPacketizer.writeOsnAndPayload(out, dstOff + headerLength, outSeq, src, payloadOffset,
                    payloadLength);
            Vp8OutputTag.write(payloadTag, out, dstOff + headerLength + RtxPacketizer.OSN_LENGTH);
        } else {
            System.arraycopy(src, payloadOffset, out, dstOff + headerLength, bodyLength);
            if (redIn && red) rewriteRedBlockTypes(out, dstOff + headerLength);
            Vp8OutputTag.write(payloadTag, out, dstOff + headerLength);
        }
        boolean sent = slot != null ? subscriber.transport.commitRtp(total)
                : subscriber.transport.sendRtp(out, dstOff, total);
        if (!sent) return -1;
        stats.forwarded(total);
        subscriber.onSent(transportSequence, total, nowNanos);
        if (transportSequence >= 0 && producer.isVideo()) {
            subscriber.onVideoSent(transportSequence, ssrc, outSeq, retransmission);
        }
        return payloadLength;
    }

    /** The longest element {@link #copyExtension} will copy: a Dependency Descriptor with its structure may not fit 16. */
    private int longestCopied(RtpHeader in) {
        int dd = producer.extensions.dependencyDescriptor();
        if (dd <= 0 || extensions.dependencyDescriptor() <= 0 || in.findExtension(dd) < 0) return 0;
        return in.foundExtensionLength();
    }

    /** Copies a header extension element of the publisher's packet, when both sides negotiated it. */
    private void copyExtension(RtpHeader in, int publisherId, int subscriberId) {
        if (publisherId <= 0 || subscriberId <= 0) return;
        int at = in.findExtension(publisherId);
        if (at >= 0) writer.addElement(subscriberId, in.buffer(), at, in.foundExtensionLength());
    }

    /**
     * The block headers of a forwarded RED payload name the publisher's payload types; rewrite them to the
     * subscriber's (RFC 2198 section 3: F bit and block PT in the first byte of each header).
     */
    private void rewriteRedBlockTypes(byte[] payload, int off) {
        int headers = redView.redundantCount();
        for (int i = 0; i <= headers; i++) {
            int at = off + i * RedPacket.REDUNDANT_HEADER_LENGTH;
            int mapped = producer.outputPayloadType(payload[at] & 0x7F);
            if (mapped >= 0) payload[at] = (byte) ((payload[at] & 0x80) | mapped);
        }
    }
}

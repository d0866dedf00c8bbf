package io.patchbay.media.forward;

import io.patchbay.core.room.TrackKind;
import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.AbsSendTime;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.red.RedPacket;
import io.patchbay.media.packet.red.RedParseResult;
import io.patchbay.media.stream.RtxPacketizer;
import io.patchbay.media.stream.SentPacketHistory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One subscriber's copy of one producer: its own SSRC, sequence numbers and timestamps (via {@link RtpMunger}),
 * header extensions rewritten to the subscriber's ids, and its own sender statistics for Sender Reports.
 * Media-thread only.
 */
final class Consumer {
    final Producer producer;
    final TransportBinding subscriber;
    final long ssrc;
    final String cname;
    final byte[] cnameBytes;
    private final byte[] midBytes;
    private final ExtensionIds extensions;
    private final RtpMunger munger;
    private final PacketBufferPool pool;
    private final MediaStats stats;
    private final RtpHeaderWriter writer;
    /** Outgoing sequence number -> publisher packet, for NACKs (video only). */
    private final SentPacketHistory history;
    private final long rtxSsrc;
    /** The subscriber takes Opus RED as the publisher sends it; otherwise only the primary (Opus) block goes. */
    private final boolean red;
    private final RedPacket redView;
    private final int rtxPayloadType;
    private int rtxSequence;
    private boolean started;
    boolean closed;

    long packetsSent;
    long octetsSent;
    long plisReceived;
    long nacksReceived;
    long retransmissionsSent;
    final RateMeter rate = new RateMeter();
    /** Middle 32 bits of the NTP time of our last Sender Report, and when it was sent: for RTT from RR (RFC 3550 6.4.1). */
    long lastSrCompactNtp;
    long lastSrSentNanos;

    Consumer(ConsumerSpec spec, Producer producer, TransportBinding subscriber, PacketBufferPool pool,
             MediaStats stats, RtpHeaderWriter writer, RedPacket redView) {
        this.producer = producer;
        this.subscriber = subscriber;
        this.ssrc = spec.ssrc();
        this.cname = spec.cname();
        this.cnameBytes = spec.cname().getBytes(StandardCharsets.UTF_8);
        this.midBytes = spec.mid().getBytes(StandardCharsets.US_ASCII);
        this.extensions = spec.extensions();
        this.pool = pool;
        this.stats = stats;
        this.writer = writer;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.munger = new RtpMunger(producer.clockRateHz, r.nextInt(0x10000), r.nextLong(0x1_0000_0000L));
        this.history = producer.cache != null ? new SentPacketHistory() : null;
        this.rtxSsrc = spec.rtxSsrc();
        this.red = spec.red();
        this.redView = redView;
        this.rtxPayloadType = spec.rtxPayloadType();
        this.rtxSequence = r.nextInt(0x10000);
    }

    boolean isVideo() {
        return producer.kind == TrackKind.VIDEO;
    }

    private ConsumerPreferences preferences = ConsumerPreferences.DEFAULT;

    void setPreferences(ConsumerPreferences next) {
        if (preferences.paused() && !next.paused()) rebase();
        preferences = next;
    }

    /** Producer paused or resumed: the next forwarded packet continues this stream without a jump. */
    void rebase() {
        munger.rebase();
        if (isVideo()) started = false;
    }

    /** Decide, then apply: drop, or copy into a send buffer with a rewritten header, protect, send. */
    void forward(RtpHeader in, int outputPayloadType, boolean keyframe, long sourceExtSeq, long nowNanos) {
        if (closed || !subscriber.transport.isConnected() || preferences.paused()) return;
        if (!started) {
            // Video starts on a keyframe so the first frame the subscriber gets is decodable.
            if (isVideo() && !keyframe) return;
            started = true;
            munger.rebase();
        }
        if (!munger.translate(in.sequenceNumber(), in.timestamp(), nowNanos)) return;
        if (history != null) history.record(munger.outSeq, sourceExtSeq, munger.outTs, nowNanos);
        send(in, outputPayloadType, munger.outSeq, munger.outTs, false, nowNanos);
    }

    /**
     * A subscriber's NACK for {@code outSeq} (RFC 4585 6.2.1): resend it from the producer's cache, as RTX (RFC 4588)
     * when negotiated, at most once per RTT.
     */
    void retransmit(int outSeq, RtpHeader scratch, long rttNanos, long nowNanos) {
        nacksReceived++;
        if (history == null || closed || !history.mayRetransmit(outSeq, nowNanos, rttNanos)) return;
        long source = history.sourceFor(outSeq);
        PacketBuffer cached = source < 0 ? null : producer.cache.get(source, nowNanos);
        if (cached == null || scratch.parse(cached.data, cached.offset, cached.length)
                != io.patchbay.media.packet.RtpParseResult.OK) {
            stats.retransmissionMissed();
            return;
        }
        int outPt = producer.outputPayloadType(scratch.payloadType());
        if (outPt < 0) return;
        if (send(scratch, outPt, outSeq, history.timestampFor(outSeq), true, nowNanos)) {
            retransmissionsSent++;
            stats.retransmissionSent();
        }
    }

    /** Writes the subscriber's header, copies the payload (behind an OSN for RTX), protects and sends. */
    private boolean send(RtpHeader in, int outputPayloadType, int outSeq, long outTs, boolean retransmission,
                         long nowNanos) {
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
                return false;
            }
            if (!red) {
                // RFC 2198 to plain Opus for a subscriber that did not negotiate RED: the primary block only.
                outputPayloadType = producer.outputPayloadType(redView.primaryPayloadType());
                if (outputPayloadType < 0) {
                    stats.dropped(DropReason.UNSUPPORTED_PAYLOAD_TYPE);
                    return false;
                }
                payloadOffset = redView.primaryOffset();
                payloadLength = redView.primaryLength();
                paddingLength = 0;
                padding = false;
            }
        }

        PacketBuffer out = pool.acquire();
        if (out == null) {
            stats.dropped(DropReason.POOL_EXHAUSTED);
            return false;
        }
        int transportSequence = -1;
        try {
            int dstOff = PacketBuffer.HEADROOM;
            if (rtx) {
                // RFC 4588 4: own SSRC, payload type and sequence space; the original sequence number leads the payload.
                rtxSequence = (rtxSequence + 1) & 0xFFFF;
                writer.begin(out.data, dstOff, false, in.marker(), rtxPayloadType, rtxSequence, outTs, rtxSsrc);
            } else {
                writer.begin(out.data, dstOff, padding, in.marker(), outputPayloadType, outSeq, outTs, ssrc);
            }
            if (in.csrcCount() > 0) writer.copyCsrcs(src, in.offset() + RtpHeader.FIXED_HEADER_LENGTH, in.csrcCount());
            if (extensions.mid() > 0) writer.addElement(extensions.mid(), midBytes, 0, midBytes.length);
            if (extensions.absSendTime() > 0) writer.addAbsSendTime(extensions.absSendTime(), AbsSendTime.fromNanos(nowNanos));
            if (extensions.transportCc() > 0) {
                transportSequence = subscriber.nextTransportSequence();
                writer.addTransportSeq(extensions.transportCc(), transportSequence);
            }
            if (extensions.audioLevel() > 0 && producer.extensions.audioLevel() > 0) {
                int at = in.findExtension(producer.extensions.audioLevel());
                if (at >= 0) writer.addElement(extensions.audioLevel(), src, at, in.foundExtensionLength());
            }
            int headerLength = writer.finish();
            int bodyLength = rtx ? RtxPacketizer.OSN_LENGTH + payloadLength : payloadLength + paddingLength;
            int total = headerLength + bodyLength;
            if (headerLength < 0 || dstOff + total + subscriber.transport.srtpOverheadBytes() > out.data.length) {
                stats.dropped(DropReason.RTP_MALFORMED);
                return false;
            }
            if (rtx) {
                RtxPacketizer.writeOsnAndPayload(out.data, dstOff + headerLength, outSeq, src, payloadOffset,
                        payloadLength);
            } else {
                System.arraycopy(src, payloadOffset, out.data, dstOff + headerLength, bodyLength);
                if (redIn && red) rewriteRedBlockTypes(out.data, dstOff + headerLength);
            }
            if (!subscriber.transport.sendRtp(out.data, dstOff, total)) return false;
            if (!retransmission) {
                packetsSent++;
                octetsSent += payloadLength;
            }
            stats.forwarded(total);
            subscriber.onSent(transportSequence, total, nowNanos);
            return true;
        } finally {
            pool.release(out);
        }
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

    /** Timestamp for a Sender Report at {@code nowNanos}, on this consumer's timeline (RFC 3550 6.4.1). */
    long senderReportTimestamp(long nowNanos) {
        long elapsedNanos;
        long base;
        if (producer.haveSenderReport) {
            // Keep the publisher's own NTP/RTP relation (its audio and video share one clock), moved to our clock.
            base = producer.srRtpTimestamp + munger.timestampOffset();
            elapsedNanos = nowNanos - producer.srArrivalNanos;
        } else {
            base = munger.lastOutTimestamp();
            elapsedNanos = nowNanos - munger.lastOutNanos();
        }
        return (base + elapsedNanos * producer.clockRateHz / 1_000_000_000L) & 0xFFFFFFFFL;
    }

    /** A video consumer whose subscriber is connected but which has not yet seen a keyframe to start on. */
    boolean waitingForKeyframe() {
        return isVideo() && !started && !closed && subscriber.transport.isConnected();
    }

    boolean hasSent() {
        return packetsSent > 0;
    }

    /** Stops forwarding for good and frees the subscriber's SRTP state for this stream's SSRCs. */
    void close() {
        if (closed) return;
        closed = true;
        subscriber.transport.releaseSendSsrc(ssrc);
        if (rtxSsrc != 0) subscriber.transport.releaseSendSsrc(rtxSsrc);
    }
}

package io.patchbay.media.forward;

import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.NtpTime;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.rtcp.Fir;
import io.patchbay.media.packet.rtcp.Nack;
import io.patchbay.media.packet.rtcp.Pli;
import io.patchbay.media.packet.rtcp.ReceiverReport;
import io.patchbay.media.packet.rtcp.ReportBlock;
import io.patchbay.media.packet.rtcp.RtcpCompound;
import io.patchbay.media.packet.rtcp.RtcpParseResult;
import io.patchbay.media.packet.rtcp.SenderReport;
import io.patchbay.media.packet.rtcp.Twcc;

/**
 * RTCP arriving on one of a router's transports (RFC 3550 compound packets), each kind to its own small handler:
 * report blocks give RTT, Sender Reports the publisher's clock mapping, PLI/FIR ask for keyframes, NACKs are answered
 * from the cache, TWCC feeds the subscriber's bandwidth estimate. Media-thread only; the parsers are reused views.
 */
final class InboundRtcp {
    private static final long DEFAULT_RTT_NANOS = 100_000_000L;
    /** Most lost packets answered from one NACK: a bound on the work one packet can cause. */
    private static final int MAX_NACKED_PER_PACKET = 512;

    private final MediaStats stats;
    private final KeyframeRequests keyframes;
    private final RtcpCompound compound = new RtcpCompound();
    private final SenderReport senderReport = new SenderReport();
    private final ReceiverReport receiverReport = new ReceiverReport();
    private final ReportBlock reportBlock = new ReportBlock();
    private final Fir fir = new Fir();
    private final Nack nack = new Nack();
    private final Twcc twcc = new Twcc();
    private final RtpHeader retransmissionHeader = new RtpHeader();
    /** For Sender Reports passed on to other nodes (SR + SRTCP tag fit). */
    private final byte[] relayScratch = new byte[PacketBuffer.CAPACITY];

    InboundRtcp(MediaStats stats, KeyframeRequests keyframes) {
        this.stats = stats;
        this.keyframes = keyframes;
    }

    void onRtcp(TransportBinding binding, byte[] data, int offset, int length, long nowNanos) {
        compound.wrap(data, offset, length);
        while (compound.next()) {
            byte[] b = compound.buffer();
            int off = compound.offset();
            int len = compound.length();
            switch (compound.kind()) {
                case RECEIVER_REPORT -> onReceiverReport(binding, b, off, len, nowNanos);
                case SENDER_REPORT -> onSenderReport(binding, b, off, len, nowNanos);
                case PLI -> onPli(binding, b, off, len, nowNanos);
                case FIR -> onFir(binding, b, off, len, nowNanos);
                case NACK -> onNack(binding, b, off, len, nowNanos);
                case TWCC -> onTransportFeedback(binding, b, off, len, nowNanos);
                default -> {
                    // SDES, BYE, REMB, XR: nothing to do.
                }
            }
        }
        if (compound.result() != RtcpParseResult.OK) stats.dropped(DropReason.RTCP_MALFORMED);
    }

    private void onReceiverReport(TransportBinding binding, byte[] b, int off, int len, long nowNanos) {
        if (receiverReport.parse(b, off, len) != RtcpParseResult.OK) return;
        for (int i = 0; i < receiverReport.reportCount(); i++) {
            onReportBlock(binding, receiverReport.readReportBlock(i, reportBlock), nowNanos);
        }
    }

    private void onSenderReport(TransportBinding binding, byte[] b, int off, int len, long nowNanos) {
        if (senderReport.parse(b, off, len) != RtcpParseResult.OK) return;
        for (int i = 0; i < senderReport.reportCount(); i++) {
            onReportBlock(binding, senderReport.readReportBlock(i, reportBlock), nowNanos);
        }
        ProducerLayer layer = binding.layerBySsrc(senderReport.ssrc());
        if (layer != null && layer.ssrc == senderReport.ssrc()) {
            layer.haveSenderReport = true;
            layer.srNtp = senderReport.ntpTimestamp();
            layer.srRtpTimestamp = senderReport.rtpTimestamp();
            layer.srArrivalNanos = nowNanos;
            for (RelaySender r : layer.producer.relays) {
                r.forwardSenderReport(layer, senderReport.ntpTimestamp(), senderReport.rtpTimestamp(),
                        senderReport.packetCount(), senderReport.octetCount(), relayScratch);
            }
        }
    }

    /** RTT from a report block about one of our streams: now - (time we sent the SR it echoes) - DLSR. */
    private void onReportBlock(TransportBinding binding, ReportBlock block, long nowNanos) {
        if (block == null || block.lastSr() == 0) return;
        Consumer c = binding.consumerBySsrc(block.ssrc());
        if (c == null || c.lastSrCompactNtp != block.lastSr()) return;
        long rtt = nowNanos - c.lastSrSentNanos - NtpTime.compactToNanos(block.delaySinceLastSr());
        if (rtt >= 0 && rtt < 10_000_000_000L) {
            binding.onRttSample(rtt);
            if (binding.bandwidth != null) binding.bandwidth.onRtt(binding.rttNanos, nowNanos);
        }
    }

    private void onPli(TransportBinding binding, byte[] b, int off, int len, long nowNanos) {
        if (Pli.check(b, off, len) != RtcpParseResult.OK) return;
        long ssrc = Pli.mediaSsrc(b, off);
        Consumer c = binding.consumerBySsrc(ssrc);
        if (c == null) {
            onRelayKeyframeRequest(binding, ssrc, nowNanos);
            return;
        }
        onKeyframeRequest(c, nowNanos);
    }

    private void onFir(TransportBinding binding, byte[] b, int off, int len, long nowNanos) {
        if (fir.parse(b, off, len) != RtcpParseResult.OK) return;
        for (int i = 0; i < fir.entryCount(); i++) {
            Consumer c = binding.consumerBySsrc(fir.entrySsrc(i));
            if (c == null) {
                onRelayKeyframeRequest(binding, fir.entrySsrc(i), nowNanos);
            } else {
                onKeyframeRequest(c, nowNanos);
            }
        }
    }

    /** Another node wants a keyframe of a track this node relays to it (throttled by the layer's requester). */
    private void onRelayKeyframeRequest(TransportBinding binding, long ssrc, long nowNanos) {
        RelaySender r = binding.relaySenderBySsrc(ssrc);
        ProducerLayer layer = r == null ? null : r.keyframeLayer(ssrc);
        if (layer == null) return;
        stats.keyframeRequestReceived();
        keyframes.request(layer, nowNanos);
    }

    private void onKeyframeRequest(Consumer c, long nowNanos) {
        if (c == null) return;
        stats.keyframeRequestReceived();
        c.plisReceived++;
        keyframes.requestFor(c, nowNanos);
    }

    private void onNack(TransportBinding binding, byte[] b, int off, int len, long nowNanos) {
        if (nack.parse(b, off, len) != RtcpParseResult.OK) return;
        Consumer c = binding.consumerBySsrc(nack.mediaSsrc());
        if (c == null) {
            onRelayNack(binding, nowNanos);
            return;
        }
        long rtt = binding.rttOr(DEFAULT_RTT_NANOS);
        int lost;
        int count = 0;
        while ((lost = nack.nextLost()) >= 0 && count++ < MAX_NACKED_PER_PACKET) {
            c.retransmit(lost, retransmissionHeader, rtt, nowNanos);
        }
        stats.nackReceived(count);
    }

    /** Another node lost packets of a track this node relays to it: resend them from the cache. */
    private void onRelayNack(TransportBinding binding, long nowNanos) {
        RelaySender r = binding.relaySenderBySsrc(nack.mediaSsrc());
        if (r == null) return;
        int lost;
        int count = 0;
        while ((lost = nack.nextLost()) >= 0 && count++ < MAX_NACKED_PER_PACKET) {
            r.retransmit(nack.mediaSsrc(), lost, nowNanos);
        }
        stats.nackReceived(count);
    }

    /** A subscriber's TWCC feedback feeds the bandwidth estimate of the path toward it. */
    private void onTransportFeedback(TransportBinding binding, byte[] b, int off, int len, long nowNanos) {
        if (binding.bandwidth == null || twcc.parse(b, off, len) != RtcpParseResult.OK) return;
        long referenceNanos = twcc.referenceTimeUs() * 1000L;
        while (twcc.next()) {
            if (twcc.received()) {
                binding.bandwidth.onPacketResult(twcc.sequenceNumber(), true, referenceNanos + twcc.receiveOffsetUs() * 1000L);
            } else {
                binding.bandwidth.onPacketResult(twcc.sequenceNumber(), false, 0);
                if (binding.feedbackRetransmissions != null) {
                    binding.feedbackRetransmissions.onLost(twcc.sequenceNumber(), nowNanos);
                }
            }
        }
        binding.bandwidth.onFeedbackDone(nowNanos);
        resendReportedLosses(binding, nowNanos);
    }

    /** Retransmissions a subscriber's feedback asked for that are due ({@link FeedbackRetransmissions}). */
    void resendReportedLosses(TransportBinding binding, long nowNanos) {
        if (binding.feedbackRetransmissions != null) {
            binding.feedbackRetransmissions.runDue(binding, retransmissionHeader, nowNanos);
        }
    }
}

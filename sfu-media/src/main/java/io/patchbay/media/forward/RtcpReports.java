package io.patchbay.media.forward;

import io.patchbay.media.MediaStats;
import io.patchbay.media.cc.BandwidthEstimator;
import io.patchbay.media.cc.TwccRecorder;
import io.patchbay.media.packet.NtpTime;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.rtcp.Nack;
import io.patchbay.media.packet.rtcp.ReceiverReport;
import io.patchbay.media.packet.rtcp.Remb;
import io.patchbay.media.packet.rtcp.ReportBlock;
import io.patchbay.media.packet.rtcp.Sdes;
import io.patchbay.media.packet.rtcp.SenderReport;
import io.patchbay.media.worker.MediaClock;

/**
 * The RTCP a router sends on its own: Receiver Reports and NACKs to publishers, TWCC feedback for their uplinks,
 * REMB caps, Sender Reports (with CNAME) to subscribers (RFC 3550 6.2, RFC 4585 6.2.1). Media-thread only.
 */
final class RtcpReports {
    private final MediaStats stats;
    private final MediaClock clock;
    private final byte[] scratch = new byte[PacketBuffer.CAPACITY];
    private final ReportBlock[] reportBlocks = new ReportBlock[31];
    private final int[] lostScratch = new int[256];
    private final long[] rembSsrc = new long[ProducerSpec.MAX_LAYERS];
    private final long[] shares = new long[64];

    RtcpReports(MediaStats stats, MediaClock clock) {
        this.stats = stats;
        this.clock = clock;
        for (int i = 0; i < reportBlocks.length; i++) reportBlocks[i] = new ReportBlock();
    }

    /** Upstream NACKs for what one layer's uplink lost, retried once per RTT. */
    void sendNacks(ProducerLayer layer, long nowNanos) {
        TransportBinding publisher = layer.producer.publisher;
        if (layer.nacks == null || !layer.ssrcKnown || !publisher.transport.isConnected()) return;
        int count = layer.nacks.collect(nowNanos, publisher.rttOr(0), lostScratch);
        if (count == 0) return;
        int off = PacketBuffer.HEADROOM;
        int len = Nack.write(scratch, off, publisher.rtcpSsrc, layer.ssrc, lostScratch, count);
        if (len > 0 && publisher.transport.sendRtcp(scratch, off, len)) stats.nackSent(count);
    }

    /** TWCC feedback for what arrived on a publisher's transport, when due. One per datagram (it may end in P). */
    void sendTransportFeedback(TransportBinding binding, long nowNanos) {
        TwccRecorder recorder = binding.twcc;
        if (recorder == null || !binding.transport.isConnected() || !recorder.feedbackDue(nowNanos)) return;
        int off = PacketBuffer.HEADROOM;
        long mediaSsrc = binding.producers.isEmpty() ? 0 : binding.producers.get(0).layers[0].ssrc;
        for (int i = 0; i < 8; i++) {
            int len = recorder.writeFeedback(scratch, off, binding.rtcpSsrc, mediaSsrc, nowNanos);
            if (len <= 0 || !binding.transport.sendRtcp(scratch, off, len)) break;
            stats.twccFeedbackSent();
        }
    }

    void sendReceiverReport(TransportBinding binding, long nowNanos) {
        int count = 0;
        for (Producer p : binding.producers) {
            for (ProducerLayer l : p.layers) {
                if (!l.ssrcKnown || !l.receiveStats.started() || count == reportBlocks.length) continue;
                long lsr = l.haveSenderReport ? NtpTime.compact(l.srNtp) : 0;
                long dlsr = l.haveSenderReport ? NtpTime.nanosToCompact(nowNanos - l.srArrivalNanos) : 0;
                int cumulative = (int) Math.min(0x7FFFFF, l.receiveStats.cumulativeLost());
                reportBlocks[count++].set(l.ssrc, l.receiveStats.takeFractionLost(), cumulative,
                        l.receiveStats.extendedHighestSequence() & 0xFFFFFFFFL, l.receiveStats.jitterTicks(), lsr, dlsr);
            }
        }
        if (count == 0) return;
        int off = PacketBuffer.HEADROOM;
        int len = ReceiverReport.write(scratch, off, binding.rtcpSsrc, reportBlocks, count);
        if (len > 0) binding.transport.sendRtcp(scratch, off, len);
    }

    void sendSenderReports(TransportBinding binding, long nowNanos) {
        long ntp = NtpTime.fromEpochMillis(clock.wallClockMillis());
        for (Consumer c : binding.consumers) {
            if (!c.hasSent()) continue;
            int off = PacketBuffer.HEADROOM;
            int len = SenderReport.write(scratch, off, c.ssrc, ntp, c.senderReportTimestamp(nowNanos),
                    c.packetsSent & 0xFFFFFFFFL, c.octetsSent & 0xFFFFFFFFL, reportBlocks, 0);
            if (len <= 0) continue;
            c.lastSrCompactNtp = NtpTime.compact(ntp);
            c.lastSrSentNanos = nowNanos;
            // RFC 3550 6.1: a compound packet carries the CNAME that ties the SSRC to its publisher's other streams.
            int sdes = Sdes.writeCname(scratch, off + len, c.ssrc, c.cnameBytes, 0, c.cnameBytes.length);
            if (sdes > 0) len += sdes;
            binding.transport.sendRtcp(scratch, off, len);
        }
    }

    /** REMB for each video track of a publisher: the cap {@link BitrateCapPolicy} gives, or its lift once it ends. */
    void sendBitrateCaps(TransportBinding binding) {
        long now = clock.nanoTime();
        BandwidthEstimator uplink = binding.uplinkEstimate;
        long uplinkBps = uplink != null && uplink.acknowledgedBps() > 0 ? uplink.estimateBps() : BitrateCapPolicy.NO_CAP;
        for (Producer p : binding.producers) {
            ProducerLayer top = p.layers[p.layers.length - 1];
            if (!p.isVideo() || !top.ssrcKnown) continue;
            int count = 0;
            for (Consumer c : p.consumers) {
                TransportBinding sub = c.subscriber;
                if (count == shares.length || sub.bandwidth == null || sub.bandwidth.acknowledgedBps() == 0) continue;
                if (!BitrateCapPolicy.showsLimit(sub.bandwidth.lastCongestionNanos(), now)) continue;
                int video = sub.openVideoConsumers();
                shares[count++] = BitrateCapPolicy.subscriberShare(sub.bandwidth.estimateBps(), video,
                        sub.consumers.size() - video, sub.videoBpsExcept(c));
            }
            long cap = p.bitrateCap.next(BitrateCapPolicy.cap(uplinkBps, p.simulcast || p.svc, shares, count));
            if (cap == BitrateCapSchedule.NOTHING) continue;
            int n = 0;
            for (ProducerLayer l : p.layers) {
                if (l.ssrcKnown && n < rembSsrc.length) rembSsrc[n++] = l.ssrc;
            }
            int off = PacketBuffer.HEADROOM;
            int len = Remb.write(scratch, off, binding.rtcpSsrc, cap, rembSsrc, n);
            if (len > 0) binding.transport.sendRtcp(scratch, off, len);
        }
    }
}

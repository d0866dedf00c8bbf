package io.patchbay.media.forward;

import io.patchbay.core.room.TrackKind;
import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.NtpTime;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.RtpParseResult;
import io.patchbay.media.packet.rtcp.Fir;
import io.patchbay.media.packet.rtcp.Nack;
import io.patchbay.media.packet.rtcp.Remb;
import io.patchbay.media.packet.rtcp.Twcc;
import io.patchbay.media.stream.RtxPacketizer;
import io.patchbay.media.packet.rtcp.Pli;
import io.patchbay.media.packet.rtcp.ReceiverReport;
import io.patchbay.media.packet.rtcp.ReportBlock;
import io.patchbay.media.packet.rtcp.RtcpCompound;
import io.patchbay.media.packet.rtcp.Sdes;
import io.patchbay.media.packet.rtcp.SenderReport;
import io.patchbay.media.cc.BandwidthEstimator;
import io.patchbay.media.cc.TwccRecorder;
import io.patchbay.media.transport.MediaTransport;
import io.patchbay.media.transport.TransportFactory;
import io.patchbay.media.transport.TransportHandler;
import io.patchbay.media.transport.WebRtcTransport;
import io.patchbay.media.worker.MediaWorker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * One room's media: its transports, producers and consumers, pinned to one {@link MediaWorker}. Public methods may be
 * called from any thread; they post commands to the worker, so all state below is touched by that thread only.
 */
public final class Router implements TransportHandler, MediaWorker.Ticker {
    private static final Logger LOG = Logger.getLogger(Router.class.getName());
    private static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;

    private final String name;
    private final MediaWorker worker;
    private final TransportFactory transportFactory;
    private final MediaStats stats;
    private final RouterListener listener;
    private final PacketBufferPool pool;
    private final Map<MediaTransport, TransportBinding> bindings = new IdentityHashMap<>();
    private final Map<String, Producer> producers = new HashMap<>();
    // Per-thread scratch objects: the router runs on one worker only.
    private final RtpHeader header = new RtpHeader();
    private final RtpHeaderWriter writer = new RtpHeaderWriter();
    private final io.patchbay.media.packet.red.RedPacket redView = new io.patchbay.media.packet.red.RedPacket();
    private final RtcpCompound compound = new RtcpCompound();
    private final SenderReport senderReport = new SenderReport();
    private final ReceiverReport receiverReport = new ReceiverReport();
    private final ReportBlock reportBlock = new ReportBlock();
    private final Fir fir = new Fir();
    private final Nack nack = new Nack();
    private final Twcc twcc = new Twcc();
    private final RtpHeader retransmissionHeader = new RtpHeader();
    private final int[] lostScratch = new int[256];
    private final long[] rembSsrc = new long[1];
    private static final long DEFAULT_RTT_NANOS = 100_000_000L;
    private final ReportBlock[] reportBlocks = new ReportBlock[31];
    private final byte[] rtcpScratch = new byte[PacketBuffer.CAPACITY];
    private boolean closed;

    public Router(String name, MediaWorker worker, TransportFactory transportFactory, MediaStats stats,
                  RouterListener listener) {
        this.name = name;
        this.worker = worker;
        this.transportFactory = transportFactory;
        this.stats = stats;
        this.listener = listener;
        this.pool = worker.pool();
        for (int i = 0; i < reportBlocks.length; i++) reportBlocks[i] = new ReportBlock();
        worker.execute(() -> worker.addTicker(this));
    }

    public String name() {
        return name;
    }

    // ---- commands (any thread) ----

    /** Creates a transport on this router's worker (ICE agent set up on the caller's thread). */
    public WebRtcTransport createTransport(String id) throws IOException {
        WebRtcTransport transport = transportFactory.create(id, worker);
        addTransport(transport);
        return transport;
    }

    /** Adopts a transport (any thread): the router becomes its handler and forwards between it and the others. */
    public void addTransport(MediaTransport transport) {
        transport.setHandler(this);
        worker.execute(() -> {
            if (closed) {
                transport.close();
                return;
            }
            bindings.put(transport, new TransportBinding(transport));
        });
    }

    /** Tells the router that two transports reach the same client (a participant's publisher and subscriber). */
    public void pairTransports(MediaTransport a, MediaTransport b) {
        worker.execute(() -> {
            TransportBinding ba = bindings.get(a);
            TransportBinding bb = bindings.get(b);
            if (ba == null || bb == null) return;
            ba.sibling = bb;
            bb.sibling = ba;
        });
    }

    /** Smoothed RTT of a transport in milliseconds, or -1 if not measured yet. */
    public CompletableFuture<Long> rttMillis(MediaTransport transport) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        worker.execute(() -> {
            TransportBinding b = bindings.get(transport);
            result.complete(b == null || b.rttNanos < 0 ? -1L : b.rttNanos / 1_000_000L);
        });
        return result;
    }

    public void closeTransport(MediaTransport transport) {
        worker.execute(() -> removeTransport(transport));
    }

    public void createProducer(MediaTransport transport, ProducerSpec spec) {
        worker.execute(() -> {
            TransportBinding binding = bindings.get(transport);
            if (binding == null || producers.containsKey(spec.trackId())) return;
            Producer producer = new Producer(spec, binding, stats, pool);
            binding.producers.add(producer);
            if (spec.extensions().mid() > 0) binding.midExtensionId = spec.extensions().mid();
            producers.put(spec.trackId(), producer);
        });
    }

    public void closeProducer(String trackId) {
        worker.execute(() -> {
            Producer producer = producers.remove(trackId);
            if (producer == null) return;
            producer.publisher.producers.remove(producer);
            for (Consumer c : producer.consumers) {
                c.close();
                c.subscriber.consumers.remove(c);
            }
            producer.close();
        });
    }

    /** Server-side mute: forwarding stops; on resume subscribers continue without a sequence jump. */
    public void setProducerPaused(String trackId, boolean paused) {
        worker.execute(() -> {
            Producer producer = producers.get(trackId);
            if (producer == null || producer.paused == paused) return;
            producer.paused = paused;
            if (!paused) {
                for (Consumer c : producer.consumers) c.rebase();
                requestKeyframe(producer, worker.clock().nanoTime());
            }
        });
    }

    public void createConsumer(MediaTransport transport, ConsumerSpec spec) {
        worker.execute(() -> {
            TransportBinding binding = bindings.get(transport);
            Producer producer = producers.get(spec.producerTrackId());
            if (binding == null || producer == null || producer.publisher == binding) return;
            if (binding.consumerBySsrc(spec.ssrc()) != null) return;
            Consumer consumer = new Consumer(spec, producer, binding, pool, stats, writer, redView);
            binding.consumers.add(consumer);
            producer.addConsumer(consumer);
            // Ask for a keyframe now so the new subscriber's first frame comes quickly.
            if (consumer.isVideo() && transport.isConnected()) requestKeyframe(producer, worker.clock().nanoTime());
        });
    }

    public void closeConsumer(MediaTransport transport, String producerTrackId) {
        worker.execute(() -> {
            TransportBinding binding = bindings.get(transport);
            if (binding == null) return;
            for (Consumer c : new ArrayList<>(binding.consumers)) {
                if (c.producer.trackId.equals(producerTrackId)) {
                    c.close();
                    binding.consumers.remove(c);
                    c.producer.removeConsumer(c);
                }
            }
        });
    }

    /** A subscriber's wishes for one track it receives: the tallest layer it wants, or none of it for now. */
    public void setConsumerPreferences(MediaTransport transport, String producerTrackId, ConsumerPreferences preferences) {
        worker.execute(() -> {
            TransportBinding binding = bindings.get(transport);
            if (binding == null) return;
            for (Consumer c : binding.consumers) {
                if (c.producer.trackId.equals(producerTrackId)) c.setPreferences(preferences);
            }
        });
    }

    /**
     * A participant's media statistics; either transport may be null. Completes on the media thread.
     */
    public CompletableFuture<MediaStatsSnapshot> participantStats(MediaTransport publisher, MediaTransport subscriber) {
        CompletableFuture<MediaStatsSnapshot> result = new CompletableFuture<>();
        worker.execute(() -> {
            TransportBinding pub = publisher == null ? null : bindings.get(publisher);
            TransportBinding sub = subscriber == null ? null : bindings.get(subscriber);
            List<MediaStatsSnapshot.Inbound> in = new ArrayList<>();
            if (pub != null) {
                for (Producer p : pub.producers) {
                    in.add(new MediaStatsSnapshot.Inbound(p.trackId, p.kind, p.receiveStats.packetsReceived(),
                            p.receiveStats.bytesReceived(), p.receiveStats.cumulativeLost(), p.rate.bitrateBps(),
                            p.nacks == null ? 0 : p.nacks.requestsSent(), p.rtxReceived, p.keyframeRequestsSent,
                            p.redPacketsReceived));
                }
            }
            List<MediaStatsSnapshot.Outbound> out = new ArrayList<>();
            if (sub != null) {
                for (Consumer c : sub.consumers) {
                    out.add(new MediaStatsSnapshot.Outbound(c.producer.trackId, c.producer.kind, c.packetsSent,
                            c.octetsSent, c.rate.bitrateBps(), c.nacksReceived, c.retransmissionsSent, c.plisReceived));
                }
            }
            long pubRttNanos = pub == null ? -1 : pub.rttOr(-1);
            long pubRtt = pubRttNanos < 0 ? -1 : pubRttNanos / 1_000_000L;
            long subRtt = sub == null || sub.rttNanos < 0 ? -1 : sub.rttNanos / 1_000_000L;
            long estimate = sub == null || sub.bandwidth == null || sub.bandwidth.acknowledgedBps() == 0
                    ? -1 : sub.bandwidth.estimateBps();
            double loss = sub == null || sub.bandwidth == null ? 0 : sub.bandwidth.lossFraction();
            long acked = sub == null || sub.bandwidth == null ? -1 : sub.bandwidth.acknowledgedBps();
            result.complete(new MediaStatsSnapshot(pubRtt, subRtt, estimate, acked, loss, in, out));
        });
        return result;
    }

    /** Counters of the router's streams, computed on the worker. */
    public CompletableFuture<List<StreamStats>> streamStats() {
        CompletableFuture<List<StreamStats>> result = new CompletableFuture<>();
        worker.execute(() -> {
            List<StreamStats> out = new ArrayList<>();
            for (Producer p : producers.values()) {
                out.add(new StreamStats(p.trackId, null, p.kind, StreamStats.Direction.INBOUND,
                        p.receiveStats.packetsReceived(), p.receiveStats.bytesReceived(), p.receiveStats.cumulativeLost()));
                for (Consumer c : p.consumers) {
                    out.add(new StreamStats(p.trackId, c.subscriber.transport.id(), p.kind, StreamStats.Direction.OUTBOUND,
                            c.packetsSent, c.octetsSent, 0));
                }
            }
            result.complete(out);
        });
        return result;
    }

    public void close() {
        worker.execute(() -> {
            if (closed) return;
            closed = true;
            for (TransportBinding b : new ArrayList<>(bindings.values())) removeTransport(b.transport);
            for (Producer p : producers.values()) p.close();
            producers.clear();
            worker.removeTicker(this);
        });
    }

    // ---- media thread ----

    private void removeTransport(MediaTransport transport) {
        TransportBinding binding = bindings.remove(transport);
        transport.close();
        if (binding == null) return;
        for (Producer p : binding.producers) {
            producers.remove(p.trackId);
            for (Consumer c : p.consumers) {
                c.close();
                c.subscriber.consumers.remove(c);
            }
            p.close();
        }
        for (Consumer c : binding.consumers) {
            c.close();
            c.producer.removeConsumer(c);
        }
        binding.producers.clear();
        binding.consumers.clear();
    }

    @Override
    public void onConnected(MediaTransport transport) {
        TransportBinding binding = bindings.get(transport);
        if (binding == null) return;
        long now = worker.clock().nanoTime();
        for (Consumer c : binding.consumers) {
            if (c.isVideo()) requestKeyframe(c.producer, now);
        }
        listener.onTransportConnected(transport.id());
    }

    /**
     * A new path after an ICE restart: what was sent during the switch is lost for good, so ask for keyframes for
     * what this transport publishes (its subscribers lost packets) and for what it consumes (its decoders did).
     */
    @Override
    public void onIceRestarted(MediaTransport transport) {
        TransportBinding binding = bindings.get(transport);
        if (binding == null) return;
        for (Producer p : binding.producers) {
            if (p.kind == TrackKind.VIDEO && p.consumers.length > 0) p.keyframeWanted = true;
        }
        for (Consumer c : binding.consumers) {
            if (c.isVideo()) c.producer.keyframeWanted = true;
        }
        // The next tick (within 20 ms) sends them, one per publisher track.
    }

    @Override
    public void onFailed(MediaTransport transport, String reason) {
        listener.onTransportFailed(transport.id(), reason);
    }

    @Override
    public boolean onRtp(MediaTransport transport, PacketBuffer packet) {
        TransportBinding binding = bindings.get(transport);
        if (binding == null) return false;
        if (header.parse(packet.data, packet.offset, packet.length) != RtpParseResult.OK) {
            stats.dropped(DropReason.RTP_MALFORMED);
            return false;
        }
        long now = packet.receivedAtNanos;
        recordTransportSequence(binding, now);
        Producer producer = binding.producerBySsrc(header.ssrc());
        if (producer == null) {
            producer = bindBySsrcOrMid(binding);
            if (producer == null) {
                stats.dropped(DropReason.UNKNOWN_SSRC);
                return false;
            }
        }
        boolean recovered = false;
        if (producer.isRtxPayloadType(header.payloadType())) {
            if (!producer.ssrcKnown) return false;
            // RFC 4588: restore the original packet in place, then it takes the normal path as a recovered packet.
            RtxPacketizer.UnwrapResult r = RtxPacketizer.unwrap(packet, header, producer.ssrc,
                    producer.aptOf(header.payloadType()));
            if (r != RtxPacketizer.UnwrapResult.OK) {
                // Padding-only RTX packets are the publisher's bandwidth probes: they carry nothing to forward.
                if (r != RtxPacketizer.UnwrapResult.PADDING_ONLY) stats.dropped(DropReason.RTP_MALFORMED);
                return false;
            }
            recovered = true;
            producer.rtxReceived++;
            stats.rtxReceived();
        } else if (header.payloadLength() == 0) {
            return false; // padding-only probe on the media SSRC
        }
        return producer.onRtp(header, packet, recovered, now);
    }

    /** TWCC (draft-holmer-rmcat-transport-wide-cc-extensions-01): remember when each transport-wide seq arrived. */
    private void recordTransportSequence(TransportBinding binding, long nowNanos) {
        if (binding.producers.isEmpty()) return;
        ExtensionIds ids = binding.producers.get(0).extensions;
        int id = ids.transportCc();
        if (id <= 0) {
            // No TWCC: estimate the uplink here from abs-send-time and tell the publisher with REMB.
            int abs = ids.absSendTime() > 0 ? header.findExtension(ids.absSendTime()) : -1;
            if (abs >= 0 && header.foundExtensionLength() == 3) {
                byte[] b = header.buffer();
                binding.onUplinkPacket(((b[abs] & 0xFF) << 16) | ((b[abs + 1] & 0xFF) << 8) | (b[abs + 2] & 0xFF),
                        header.length(), nowNanos);
            }
            return;
        }
        int at = header.findExtension(id);
        if (at < 0 || header.foundExtensionLength() != 2) return;
        if (binding.twcc == null) binding.twcc = new io.patchbay.media.cc.TwccRecorder();
        binding.twcc.onPacket(((header.buffer()[at] & 0xFF) << 8) | (header.buffer()[at + 1] & 0xFF), nowNanos);
    }

    /** RFC 8843 section 9.2: an unknown SSRC is bound to the m-section its mid extension names. */
    private Producer bindBySsrcOrMid(TransportBinding binding) {
        if (binding.midExtensionId <= 0) return null;
        int at = header.findExtension(binding.midExtensionId);
        if (at < 0) return null;
        Producer producer = binding.producerByMid(header.buffer(), at, header.foundExtensionLength());
        if (producer == null) return null;
        if (producer.isRtxPayloadType(header.payloadType())) {
            if (producer.rtxSsrcKnown && producer.rtxSsrc != header.ssrc()) {
                binding.transport.releaseReceiveSsrc(producer.rtxSsrc);
            }
            producer.rtxSsrc = header.ssrc();
            producer.rtxSsrcKnown = true;
            return producer;
        }
        if (producer.ssrcKnown && producer.ssrc != header.ssrc()) {
            // The publisher restarted the stream with a new SSRC: follow it, and make subscribers continue smoothly.
            for (Consumer c : producer.consumers) c.rebase();
            binding.transport.releaseReceiveSsrc(producer.ssrc);
        }
        producer.ssrc = header.ssrc();
        producer.ssrcKnown = true;
        if (producer.kind == TrackKind.VIDEO && producer.consumers.length > 0) {
            requestKeyframe(producer, worker.clock().nanoTime());
        }
        return producer;
    }

    @Override
    public void onRtcp(MediaTransport transport, PacketBuffer packet) {
        TransportBinding binding = bindings.get(transport);
        if (binding == null) return;
        long now = packet.receivedAtNanos;
        compound.wrap(packet.data, packet.offset, packet.length);
        while (compound.next()) {
            byte[] b = compound.buffer();
            int off = compound.offset();
            int len = compound.length();
            switch (compound.kind()) {
                case RECEIVER_REPORT -> {
                    if (receiverReport.parse(b, off, len) == io.patchbay.media.packet.rtcp.RtcpParseResult.OK) {
                        for (int i = 0; i < receiverReport.reportCount(); i++) {
                            onReportBlock(binding, receiverReport.readReportBlock(i, reportBlock), now);
                        }
                    }
                }
                case SENDER_REPORT -> {
                    if (senderReport.parse(b, off, len) == io.patchbay.media.packet.rtcp.RtcpParseResult.OK) {
                        for (int i = 0; i < senderReport.reportCount(); i++) {
                            onReportBlock(binding, senderReport.readReportBlock(i, reportBlock), now);
                        }
                        Producer p = binding.producerBySsrc(senderReport.ssrc());
                        if (p != null) {
                            p.haveSenderReport = true;
                            p.srNtp = senderReport.ntpTimestamp();
                            p.srRtpTimestamp = senderReport.rtpTimestamp();
                            p.srArrivalNanos = now;
                        }
                    }
                }
                case PLI -> {
                    if (Pli.check(b, off, len) == io.patchbay.media.packet.rtcp.RtcpParseResult.OK) {
                        Consumer c = binding.consumerBySsrc(Pli.mediaSsrc(b, off));
                        if (c != null) {
                            stats.keyframeRequestReceived();
                            c.plisReceived++;
                            requestKeyframe(c.producer, now);
                        }
                    }
                }
                case FIR -> {
                    if (fir.parse(b, off, len) == io.patchbay.media.packet.rtcp.RtcpParseResult.OK) {
                        for (int i = 0; i < fir.entryCount(); i++) {
                            Consumer c = binding.consumerBySsrc(fir.entrySsrc(i));
                            if (c != null) {
                                stats.keyframeRequestReceived();
                                c.plisReceived++;
                                requestKeyframe(c.producer, now);
                            }
                        }
                    }
                }
                case NACK -> {
                    if (nack.parse(b, off, len) == io.patchbay.media.packet.rtcp.RtcpParseResult.OK) {
                        Consumer c = binding.consumerBySsrc(nack.mediaSsrc());
                        if (c != null) {
                            long rtt = binding.rttOr(DEFAULT_RTT_NANOS);
                            int lost;
                            int count = 0;
                            while ((lost = nack.nextLost()) >= 0 && count++ < 512) {
                                c.retransmit(lost, retransmissionHeader, rtt, now);
                            }
                            stats.nackReceived(count);
                        }
                    }
                }
                case TWCC -> onTransportFeedback(binding, b, off, len, now);
                default -> {
                    // SDES, BYE, REMB, XR: nothing to do.
                }
            }
        }
        if (compound.result() != io.patchbay.media.packet.rtcp.RtcpParseResult.OK) {
            stats.dropped(DropReason.RTCP_MALFORMED);
        }
    }

    /** A subscriber's TWCC feedback feeds the bandwidth estimate of the path toward it. */
    private void onTransportFeedback(TransportBinding binding, byte[] b, int off, int len, long nowNanos) {
        if (binding.bandwidth == null || twcc.parse(b, off, len) != io.patchbay.media.packet.rtcp.RtcpParseResult.OK) return;
        long referenceNanos = twcc.referenceTimeUs() * 1000L;
        while (twcc.next()) {
            if (twcc.received()) {
                binding.bandwidth.onPacketResult(twcc.sequenceNumber(), true, referenceNanos + twcc.receiveOffsetUs() * 1000L);
            } else {
                binding.bandwidth.onPacketResult(twcc.sequenceNumber(), false, 0);
            }
        }
        binding.bandwidth.onFeedbackDone(nowNanos);
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

    /**
     * Sends a PLI (or FIR) to the publisher; true if sent. Within 300 ms of the last one the request is deferred, not
     * dropped: the tick sends it when the interval is over unless a keyframe arrived in between.
     */
    private boolean requestKeyframe(Producer producer, long nowNanos) {
        if (!producer.ssrcKnown || !producer.publisher.transport.isConnected()) return false;
        if (!producer.keyframes.shouldRequest(nowNanos)) {
            producer.keyframeWanted = true;
            return false;
        }
        int off = PacketBuffer.HEADROOM;
        int len = producer.pliSupported
                ? Pli.write(rtcpScratch, off, producer.publisher.rtcpSsrc, producer.ssrc)
                : Fir.write(rtcpScratch, off, producer.publisher.rtcpSsrc, producer.ssrc,
                        producer.keyframes.nextFirSequence());
        if (len > 0 && producer.publisher.transport.sendRtcp(rtcpScratch, off, len)) {
            stats.keyframeRequested();
            producer.keyframeRequestsSent++;
            return true;
        }
        return false;
    }

    /** Every ~1 s per transport: Receiver Reports to publishers, Sender Reports to subscribers (RFC 3550 6.2). */
    @Override
    public void tick(long nowNanos) {
        // A subscriber waiting for a keyframe receives nothing, so its browser never asks for one itself: keep asking
        // (throttled) until the publisher sends one. Covers subscribers that connect before the publisher does.
        for (Producer p : producers.values()) {
            boolean wanted = p.keyframeWanted;
            for (Consumer c : p.consumers) {
                if (c.waitingForKeyframe()) wanted = true;
            }
            if (wanted && requestKeyframe(p, nowNanos)) p.keyframeWanted = false;
            sendNacks(p, nowNanos);
            // A full scan of the cache's slots: once a second is enough, since get() already refuses stale packets;
            // this only hands idle streams' buffers back to the pool.
            if (p.cache != null && nowNanos - p.nextEvictionNanos >= 0) {
                p.nextEvictionNanos = nowNanos + REPORT_INTERVAL_NANOS;
                p.cache.evictOlderThan(nowNanos);
            }
        }
        for (TransportBinding binding : bindings.values()) {
            if (binding.uplinkEstimate != null && nowNanos - binding.nextUplinkUpdateNanos >= 0) {
                binding.nextUplinkUpdateNanos = nowNanos + 100_000_000L;
                binding.uplinkEstimate.onFeedbackDone(nowNanos);
            }
            TwccRecorder recorder = binding.twcc;
            if (recorder != null && binding.transport.isConnected() && recorder.feedbackDue(nowNanos)) {
                int off = PacketBuffer.HEADROOM;
                long mediaSsrc = binding.producers.isEmpty() ? 0 : binding.producers.get(0).ssrc;
                // One TWCC packet per datagram (it may carry the P bit, so it must end its compound).
                for (int i = 0; i < 8; i++) {
                    int len = recorder.writeFeedback(rtcpScratch, off, binding.rtcpSsrc, mediaSsrc, nowNanos);
                    if (len <= 0 || !binding.transport.sendRtcp(rtcpScratch, off, len)) break;
                    stats.twccFeedbackSent();
                }
            }
        }
        for (TransportBinding binding : bindings.values()) {
            if (!binding.transport.isConnected() || nowNanos - binding.nextReportNanos < 0) continue;
            binding.nextReportNanos = nowNanos + REPORT_INTERVAL_NANOS;
            for (Producer p : binding.producers) p.rate.sample(p.receiveStats.bytesReceived(), nowNanos);
            for (Consumer c : binding.consumers) c.rate.sample(c.octetsSent, nowNanos);
            sendReceiverReport(binding, nowNanos);
            sendSenderReports(binding, nowNanos);
            sendBitrateCaps(binding);
        }
    }

    /**
     * Without simulcast every subscriber gets the publisher's one encoding, so the publisher must not send more than
     * the weakest subscriber's path carries: REMB (draft-alvestrand-rmcat-remb-03) with the smallest per-track share
     * of the subscribers' estimates. Chrome caps its send-side estimate with it. Sent once a second.
     */
    private void sendBitrateCaps(TransportBinding binding) {
        for (Producer p : binding.producers) {
            if (p.kind != TrackKind.VIDEO || !p.ssrcKnown) continue;
            long cap = Long.MAX_VALUE;
            BandwidthEstimator uplink = binding.uplinkEstimate;
            if (uplink != null && uplink.acknowledgedBps() > 0) {
                // A publisher without TWCC learns its uplink only from us (REMB as the fallback).
                cap = uplink.estimateBps();
            }
            for (Consumer c : p.consumers) {
                TransportBinding sub = c.subscriber;
                if (sub.bandwidth == null || sub.bandwidth.acknowledgedBps() == 0) continue;
                int videoTracks = 0;
                for (Consumer other : sub.consumers) {
                    if (other.isVideo() && !other.closed) videoTracks++;
                }
                // Leave room for audio (about 40 kbps per track with headers) on that path.
                long audioBps = 40_000L * (sub.consumers.size() - videoTracks);
                cap = Math.min(cap, Math.max(30_000L, (sub.bandwidth.estimateBps() - audioBps) / Math.max(1, videoTracks)));
            }
            if (cap == Long.MAX_VALUE) continue;
            rembSsrc[0] = p.ssrc;
            int off = PacketBuffer.HEADROOM;
            int len = Remb.write(rtcpScratch, off, binding.rtcpSsrc, cap, rembSsrc, 1);
            if (len > 0) binding.transport.sendRtcp(rtcpScratch, off, len);
        }
    }

    /** Upstream NACKs (RFC 4585 6.2.1) for what the publisher's uplink lost, retried once per RTT. */
    private void sendNacks(Producer p, long nowNanos) {
        if (p.nacks == null || !p.ssrcKnown || !p.publisher.transport.isConnected()) return;
        int count = p.nacks.collect(nowNanos, p.publisher.rttOr(0), lostScratch);
        if (count == 0) return;
        int off = PacketBuffer.HEADROOM;
        int len = Nack.write(rtcpScratch, off, p.publisher.rtcpSsrc, p.ssrc, lostScratch, count);
        if (len > 0 && p.publisher.transport.sendRtcp(rtcpScratch, off, len)) stats.nackSent(count);
    }

    private void sendReceiverReport(TransportBinding binding, long nowNanos) {
        int count = 0;
        for (Producer p : binding.producers) {
            if (!p.ssrcKnown || !p.receiveStats.started() || count == reportBlocks.length) continue;
            long lsr = p.haveSenderReport ? NtpTime.compact(p.srNtp) : 0;
            long dlsr = p.haveSenderReport ? NtpTime.nanosToCompact(nowNanos - p.srArrivalNanos) : 0;
            int cumulative = (int) Math.min(0x7FFFFF, p.receiveStats.cumulativeLost());
            reportBlocks[count++].set(p.ssrc, p.receiveStats.takeFractionLost(), cumulative,
                    p.receiveStats.extendedHighestSequence() & 0xFFFFFFFFL, p.receiveStats.jitterTicks(), lsr, dlsr);
        }
        if (count == 0) return;
        int off = PacketBuffer.HEADROOM;
        int len = ReceiverReport.write(rtcpScratch, off, binding.rtcpSsrc, reportBlocks, count);
        if (len > 0) binding.transport.sendRtcp(rtcpScratch, off, len);
    }

    private void sendSenderReports(TransportBinding binding, long nowNanos) {
        long ntp = NtpTime.fromEpochMillis(worker.clock().wallClockMillis());
        for (Consumer c : binding.consumers) {
            if (!c.hasSent()) continue;
            int off = PacketBuffer.HEADROOM;
            int len = SenderReport.write(rtcpScratch, off, c.ssrc, ntp, c.senderReportTimestamp(nowNanos),
                    c.packetsSent & 0xFFFFFFFFL, c.octetsSent & 0xFFFFFFFFL, reportBlocks, 0);
            if (len <= 0) continue;
            c.lastSrCompactNtp = NtpTime.compact(ntp);
            c.lastSrSentNanos = nowNanos;
            // RFC 3550 6.1: a compound packet carries the CNAME that ties the SSRC to its publisher's other streams.
            int sdes = Sdes.writeCname(rtcpScratch, off + len, c.ssrc, c.cnameBytes, 0, c.cnameBytes.length);
            if (sdes > 0) len += sdes;
            binding.transport.sendRtcp(rtcpScratch, off, len);
        }
    }
}

package io.patchbay.media.forward;

import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.PacketFate;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.RtpParseResult;
import io.patchbay.media.packet.red.RedPacket;
import io.patchbay.media.stream.RtxPacketizer;
import io.patchbay.media.transport.MediaTransport;
import io.patchbay.media.transport.TransportFactory;
import io.patchbay.media.transport.TransportHandler;
import io.patchbay.media.transport.WebRtcTransport;
import io.patchbay.media.worker.EgressLane;
import io.patchbay.media.worker.EgressLanes;
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
    private static final long LAYER_SELECTION_INTERVAL_NANOS = 200_000_000L;
    private static final long LAYERS_WANTED_INTERVAL_NANOS = 500_000_000L;

    private final String name;
    private final MediaWorker worker;
    private final TransportFactory transportFactory;
    private final MediaStats stats;
    private final RouterListener listener;
    private final PacketBufferPool pool;
    private final Map<MediaTransport, TransportBinding> bindings = new IdentityHashMap<>();
    private final Map<String, Producer> producers = new HashMap<>();
    // Per-thread helpers and scratch objects: the router runs on one worker only.
    private final RtpHeader header = new RtpHeader();
    private final RtpHeaderWriter writer = new RtpHeaderWriter();
    private final OutputBuffer output = new OutputBuffer();
    private final RedPacket redView = new RedPacket();
    private final KeyframeRequests keyframes;
    private final InboundRtcp inboundRtcp;
    private final RtcpReports reports;
    private final StreamBinder binder = new StreamBinder(this::onMediaSsrcBound);
    private final ActiveSpeakers speakers = new ActiveSpeakers();
    private final FanOutSpread spread;
    private List<String> lastSpeakers = List.of();
    private long nextBindingOrder;
    private boolean closed;

    public Router(String name, MediaWorker worker, TransportFactory transportFactory, MediaStats stats,
                  RouterListener listener) {
        this(name, worker, transportFactory, stats, listener, null, 0);
    }

    /**
     * A router whose fan-out is spread over every media thread of {@code lanes} once the room has
     * {@code spreadFromSubscribers} subscribers ({@link FanOutSpread}; null or 0: never).
     */
    public Router(String name, MediaWorker worker, TransportFactory transportFactory, MediaStats stats,
                  RouterListener listener, EgressLanes lanes, int spreadFromSubscribers) {
        this.spread = new FanOutSpread(lanes, lanes == null ? -1 : lanes.indexOf(worker), spreadFromSubscribers);
        this.name = name;
        this.worker = worker;
        this.transportFactory = transportFactory;
        this.stats = stats;
        this.listener = listener;
        this.pool = worker.pool();
        this.keyframes = new KeyframeRequests(stats);
        this.inboundRtcp = new InboundRtcp(stats, keyframes);
        this.reports = new RtcpReports(stats, worker.clock());
        worker.execute(() -> worker.addTicker(this));
    }

    public String name() {
        return name;
    }

    /** The media thread this router runs on (transports made for it receive on it too). */
    public MediaWorker worker() {
        return worker;
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
            bindings.put(transport, new TransportBinding(transport, nextBindingOrder++));
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
            speakers.topologyChanged(); // a participant's own video never counts toward its last N
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
            speakers.onProducerAdded(producer);
        });
    }

    public void closeProducer(String trackId) {
        worker.execute(() -> {
            Producer producer = producers.remove(trackId);
            if (producer == null) return;
            speakers.onProducerRemoved(producer);
            producer.publisher.producers.remove(producer);
            for (Consumer c : producer.consumers) {
                c.close();
                c.subscriber.consumers.remove(c);
            }
            producer.close(); // and its relay senders
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
                // The tick asks for the keyframe each restarted video consumer now waits for.
            }
        });
    }

    public void createConsumer(MediaTransport transport, ConsumerSpec spec) {
        worker.execute(() -> {
            TransportBinding binding = bindings.get(transport);
            Producer producer = producers.get(spec.producerTrackId());
            if (binding == null || producer == null || producer.publisher == binding) return;
            if (binding.consumerBySsrc(spec.ssrc()) != null) return;
            if (binding.senderIndex < 0) assignSender(binding);
            Consumer consumer = new Consumer(spec, producer, binding, output, stats, writer, redView);
            long now = worker.clock().nanoTime();
            binding.consumers.add(consumer);
            producer.addConsumer(consumer);
            speakers.onConsumerAdded(consumer, bindings.values());
            binding.allocation.run(binding, now);
            // Ask for a keyframe now so the new subscriber's first frame comes quickly.
            if (consumer.isVideo() && transport.isConnected()) keyframes.requestFor(consumer, now);
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

    /**
     * Sends a producer's track to another node over {@code relay} (a {@link io.patchbay.media.relay.RelayTransport}),
     * one stream per layer on the given SSRCs; nothing if the track or the relay is unknown, or it is relayed already.
     */
    public void relayProducer(String trackId, MediaTransport relay, List<RelayStream> streams) {
        List<RelayStream> copy = List.copyOf(streams);
        worker.execute(() -> {
            TransportBinding binding = bindings.get(relay);
            Producer producer = producers.get(trackId);
            if (binding == null || producer == null || producer.publisher == binding) return;
            for (RelaySender r : binding.relaySenders) if (r.producer == producer) return;
            if (copy.size() != producer.layers.length) {
                LOG.warning("router " + name + ": relay of " + trackId + " needs " + producer.layers.length
                        + " streams, got " + copy.size());
                return;
            }
            RelaySender sender = new RelaySender(producer, binding, copy, pool, stats);
            binding.relaySenders.add(sender);
            producer.addRelay(sender);
            if (producer.isVideo() && relay.isConnected()) {
                for (ProducerLayer l : producer.layers) l.keyframeWanted = true; // the other node starts at once
            }
        });
    }

    /** Stops sending a track over {@code relay}. */
    public void stopRelay(String trackId, MediaTransport relay) {
        worker.execute(() -> {
            TransportBinding binding = bindings.get(relay);
            if (binding == null) return;
            for (RelaySender r : new ArrayList<>(binding.relaySenders)) {
                if (!r.producer.trackId.equals(trackId)) continue;
                binding.relaySenders.remove(r);
                r.producer.removeRelay(r);
                r.close();
            }
        });
    }

    /**
     * The simulcast layers the other node's subscribers want of a track relayed to it (by rid; the lowest is always
     * sent): the others are not sent over the link, and the publisher is asked for them only if someone else wants them.
     */
    public void setRelayLayers(String trackId, MediaTransport relay, List<String> rids) {
        List<String> copy = List.copyOf(rids);
        worker.execute(() -> {
            TransportBinding binding = bindings.get(relay);
            if (binding == null) return;
            for (RelaySender r : binding.relaySenders) {
                if (!r.producer.trackId.equals(trackId)) continue;
                int mask = 0;
                for (ProducerLayer l : r.producer.layers) {
                    if (l.rid == null || copy.contains(l.rid)) mask |= 1 << l.index;
                }
                r.setWantedMask(mask);
            }
        });
    }

    /**
     * Last-N: each subscriber receives video from at most {@code n} other publishers, the most recent speakers
     * (then those who never spoke, in join order); -1 for all.
     */
    public void setLastN(int n) {
        worker.execute(() -> speakers.setLastN(n));
    }

    /**
     * Pins (replacing the previous ones): besides its last N, the subscriber on {@code transport} always receives the
     * video of the participants publishing on {@code publishers}. Transports the router does not know are ignored.
     */
    public void setPinned(MediaTransport transport, List<MediaTransport> publishers) {
        List<MediaTransport> copy = List.copyOf(publishers);
        worker.execute(() -> {
            TransportBinding binding = bindings.get(transport);
            if (binding == null) return;
            List<TransportBinding> pinned = new ArrayList<>(copy.size());
            for (MediaTransport t : copy) {
                TransportBinding b = bindings.get(t);
                if (b != null && b != binding && !pinned.contains(b)) pinned.add(b);
            }
            speakers.setPinned(binding, pinned, bindings.values());
            binding.allocation.run(binding, worker.clock().nanoTime());
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
            binding.allocation.run(binding, worker.clock().nanoTime());
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
                    in.add(InboundStats.of(p));
                }
            }
            List<MediaStatsSnapshot.Outbound> out = new ArrayList<>();
            if (sub != null) {
                for (Consumer c : sub.consumers) {
                    out.add(OutboundStats.of(c));
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
                out.add(InboundStats.stream(p));
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

    /** A transport's first consumer makes it a subscriber: choose the thread that sends its RTP. */
    private void assignSender(TransportBinding binding) {
        binding.senderIndex = spread.assign();
        EgressLane lane = spread.laneTo(binding.senderIndex);
        if (lane != null && binding.transport instanceof WebRtcTransport w) w.sendRtpThrough(lane);
    }

    private void removeTransport(MediaTransport transport) {
        TransportBinding binding = bindings.remove(transport);
        transport.close();
        if (binding == null) return;
        spread.release(binding.senderIndex);
        for (Producer p : binding.producers) {
            producers.remove(p.trackId);
            speakers.onProducerRemoved(p);
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
        for (RelaySender r : binding.relaySenders) {
            r.producer.removeRelay(r);
            r.close();
        }
        binding.relaySenders.clear();
        binding.producers.clear();
        binding.consumers.clear();
        speakers.onTransportRemoved(binding, bindings.values());
    }

    @Override
    public void onConnected(MediaTransport transport) {
        TransportBinding binding = bindings.get(transport);
        if (binding == null) return;
        long now = worker.clock().nanoTime();
        for (Consumer c : binding.consumers) {
            if (c.isVideo()) keyframes.requestFor(c, now);
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
            if (!p.isVideo() || p.consumers.length == 0) continue;
            for (Consumer c : p.consumers) p.layers[c.targetLayer()].keyframeWanted = true;
        }
        for (Consumer c : binding.consumers) {
            if (c.isVideo()) c.producer.layers[c.targetLayer()].keyframeWanted = true;
        }
        // The next tick (within 20 ms) sends them, one per publisher layer.
    }

    @Override
    public void onFailed(MediaTransport transport, String reason) {
        listener.onTransportFailed(transport.id(), reason);
    }

    @Override
    public PacketFate onRtp(MediaTransport transport, PacketBuffer packet) {
        TransportBinding binding = bindings.get(transport);
        if (binding == null) return PacketFate.RELEASE;
        if (header.parse(packet.data, packet.offset, packet.length) != RtpParseResult.OK) {
            stats.dropped(DropReason.RTP_MALFORMED);
            return PacketFate.RELEASE;
        }
        long now = packet.receivedAtNanos;
        recordTransportSequence(binding, now);
        ProducerLayer layer = binding.layerBySsrc(header.ssrc());
        if (layer == null) {
            layer = binder.bind(binding, header);
            if (layer == null) {
                stats.dropped(DropReason.UNKNOWN_SSRC);
                return PacketFate.RELEASE;
            }
        }
        Producer producer = layer.producer;
        boolean recovered = false;
        if (producer.isRtxPayloadType(header.payloadType())) {
            if (!layer.ssrcKnown) return PacketFate.RELEASE;
            // RFC 4588: restore the original packet in place, then it takes the normal path as a recovered packet.
            RtxPacketizer.UnwrapResult r = RtxPacketizer.unwrap(packet, header, layer.ssrc,
                    producer.aptOf(header.payloadType()));
            if (r != RtxPacketizer.UnwrapResult.OK) {
                // Padding-only RTX packets are the publisher's bandwidth probes: they carry nothing to forward.
                if (r != RtxPacketizer.UnwrapResult.PADDING_ONLY) stats.dropped(DropReason.RTP_MALFORMED);
                return PacketFate.RELEASE;
            }
            recovered = true;
            layer.rtxReceived++;
            stats.rtxReceived();
        } else if (header.payloadLength() == 0) {
            return PacketFate.RELEASE; // padding-only probe on the media SSRC
        }
        if (!recovered && producer.speakerId >= 0) speakers.onAudioPacket(producer, header, now);
        return producer.onRtp(layer, header, packet, recovered, now);
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

    /** A layer's SSRC was bound (first packet, or the publisher restarted the stream with a new one). */
    private void onMediaSsrcBound(ProducerLayer layer) {
        Producer producer = layer.producer;
        boolean wanted = false;
        for (Consumer c : producer.consumers) {
            if (c.currentLayer() == layer.index) c.rebase();
            if (c.targetLayer() == layer.index) wanted = true;
        }
        if (producer.isVideo() && wanted) keyframes.request(layer, worker.clock().nanoTime());
    }

    @Override
    public void onRtcp(MediaTransport transport, PacketBuffer packet) {
        TransportBinding binding = bindings.get(transport);
        if (binding == null) return;
        inboundRtcp.onRtcp(binding, packet.data, packet.offset, packet.length, packet.receivedAtNanos);
    }

    /**
     * Every tick (~20 ms): keyframe requests that are due, upstream NACKs, TWCC feedback, retransmissions that
     * subscribers' feedback asked for ({@link FeedbackRetransmissions}), layer choices; about once a
     * second per transport: rates, Receiver Reports to publishers, Sender Reports to subscribers (RFC 3550 6.2), REMB.
     */
    @Override
    public void tick(long nowNanos) {
        for (Producer p : producers.values()) {
            keyframes.sendWanted(p, nowNanos);
            for (ProducerLayer l : p.layers) {
                reports.sendNacks(l, nowNanos);
                // A full scan of the cache's slots: once a second is enough, since get() already refuses stale
                // packets; this only hands idle streams' buffers back to the pool.
                if (l.cache != null && nowNanos - l.nextEvictionNanos >= 0) {
                    l.nextEvictionNanos = nowNanos + REPORT_INTERVAL_NANOS;
                    l.cache.evictOlderThan(nowNanos);
                }
            }
        }
        for (TransportBinding binding : bindings.values()) {
            if (binding.uplinkEstimate != null && nowNanos - binding.nextUplinkUpdateNanos >= 0) {
                binding.nextUplinkUpdateNanos = nowNanos + 100_000_000L;
                binding.uplinkEstimate.onFeedbackDone(nowNanos);
            }
            reports.sendTransportFeedback(binding, nowNanos);
            inboundRtcp.resendReportedLosses(binding, nowNanos);
            binding.probe.tick(binding, nowNanos);
            if (nowNanos - binding.nextLayerSelectionNanos >= 0) {
                binding.nextLayerSelectionNanos = nowNanos + LAYER_SELECTION_INTERVAL_NANOS;
                binding.allocation.run(binding, nowNanos);
            }
        }
        for (TransportBinding binding : bindings.values()) {
            if (!binding.transport.isConnected() || nowNanos - binding.nextReportNanos < 0) continue;
            binding.nextReportNanos = nowNanos + REPORT_INTERVAL_NANOS;
            for (Producer p : binding.producers) {
                p.rate.sample(p.bytesReceived(), nowNanos);
                for (ProducerLayer l : p.layers) l.sampleRate(nowNanos);
            }
            for (Consumer c : binding.consumers) c.rate.sample(c.octetsSent, nowNanos);
            if (binding.bandwidth != null && binding.bandwidth.acknowledgedBps() > 0 && !binding.consumers.isEmpty()) {
                stats.subscriberEstimate(binding.bandwidth.estimateBps());
            }
            reports.sendReceiverReport(binding, nowNanos);
            reports.sendSenderReports(binding, nowNanos);
            reports.sendBitrateCaps(binding);
        }
        reportLayersWanted(nowNanos);
        List<Producer> ranked = speakers.evaluate(bindings.values(), nowNanos);
        if (ranked != null) {
            List<String> trackIds = new ArrayList<>(ranked.size());
            for (Producer p : ranked) trackIds.add(p.trackId);
            if (!trackIds.equals(lastSpeakers)) {
                lastSpeakers = List.copyOf(trackIds);
                listener.onActiveSpeakers(lastSpeakers);
            }
        }
    }

    /** Tells the room when the set of layers subscribers want of a simulcast track changes ({@code layers-wanted}). */
    private void reportLayersWanted(long nowNanos) {
        for (Producer p : producers.values()) {
            if (!p.simulcast || nowNanos - p.nextLayersWantedCheckNanos < 0) continue;
            p.nextLayersWantedCheckNanos = nowNanos + LAYERS_WANTED_INTERVAL_NANOS;
            int mask = p.wantedLayerMask();
            if (mask == p.reportedLayerMask) continue;
            p.reportedLayerMask = mask;
            List<String> rids = new ArrayList<>(p.layers.length);
            for (ProducerLayer l : p.layers) {
                if ((mask & (1 << l.index)) != 0) rids.add(l.rid);
            }
            listener.onLayersWanted(p.trackId, List.copyOf(rids));
        }
    }
}

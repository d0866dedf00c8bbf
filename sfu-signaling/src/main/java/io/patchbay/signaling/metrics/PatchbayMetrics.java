package io.patchbay.signaling.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.patchbay.core.room.LeaveReason;
import io.patchbay.signaling.room.LifecycleCounters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.patchbay.media.DropReason;
import io.patchbay.media.SendErrorReason;
import io.patchbay.media.SkipReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.signaling.room.RoomRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics at {@code /metrics}. Labels have bounded cardinality: drop reasons and signaling error codes
 * are enumerations; no room or participant id is ever a label.
 */
public final class PatchbayMetrics implements AutoCloseable {
    /** Error codes become labels only if known; anything else is counted as "other". */
    private static final int MAX_ERROR_CODES = 64;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> signalingErrors = new ConcurrentHashMap<>();
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final MediaStats mediaStats;

    public PatchbayMetrics(MediaStats media, PacketBufferPool pool, RoomRegistry rooms) {
        this.mediaStats = media;
        Gauge.builder("patchbay.rooms", rooms, RoomRegistry::roomCount).description("Open rooms").register(registry);
        Gauge.builder("patchbay.participants", rooms, RoomRegistry::participantCount)
                .description("Joined participants").register(registry);
        Gauge.builder("patchbay.media.buffers.in.use", pool, PacketBufferPool::outstanding)
                .description("Pooled packet buffers currently held (in queues or being processed)").register(registry);
        counter("patchbay.media.packets.received", media, MediaStats::packetsReceived, "SRTP/SRTCP packets received from peers");
        counter("patchbay.media.bytes.received", media, MediaStats::bytesReceived, "Bytes of SRTP/SRTCP received");
        counter("patchbay.media.packets.forwarded", media, MediaStats::packetsForwarded, "RTP packets sent to subscribers");
        counter("patchbay.media.bytes.forwarded", media, MediaStats::bytesForwarded, "Bytes of RTP sent to subscribers (before SRTP)");
        counter("patchbay.media.rtcp.sent", media, MediaStats::rtcpPacketsSent, "RTCP packets sent");
        counter("patchbay.media.keyframe.requests", media, MediaStats::keyframeRequests, "PLI/FIR sent to publishers");
        counter("patchbay.media.nacks.received", media, MediaStats::nacksReceived, "Packets subscribers asked to retransmit");
        counter("patchbay.media.nacks.sent", media, MediaStats::nacksSent, "Packets the server asked publishers to retransmit");
        counter("patchbay.media.retransmissions.sent", media, MediaStats::retransmissionsSent, "Packets retransmitted to subscribers");
        counter("patchbay.media.retransmissions.missed", media, MediaStats::retransmissionsMissed, "NACKed packets no longer in the cache");
        counter("patchbay.media.retransmissions.after.feedback", media, MediaStats::retransmissionsAfterFeedback,
                "Retransmissions asked for by a subscriber's transport-wide feedback: its NACK or the retransmission was lost (also in retransmissions_sent)");
        counter("patchbay.media.rtx.received", media, MediaStats::rtxPacketsReceived, "RTX retransmissions received from publishers");
        counter("patchbay.media.twcc.feedback.sent", media, MediaStats::twccFeedbackPacketsSent, "Transport-wide CC feedback packets sent to publishers");
        counter("patchbay.media.keyframe.requests.received", media, MediaStats::keyframeRequestsReceived, "PLI/FIR received from subscribers");
        for (SendErrorReason reason : SendErrorReason.values()) {
            FunctionCounter.builder("patchbay.media.send.errors", media, m -> m.sendErrors(reason))
                    .description("Datagrams that did not leave, by reason")
                    .tag("reason", reason.label())
                    .register(registry);
        }
        counter("patchbay.media.send.batches", media, MediaStats::sendBatches,
                "Batches of datagrams media threads handed to the kernel (one sendmmsg each; 0 when sending one by one)");
        counter("patchbay.media.send.batched.datagrams", media, MediaStats::batchedDatagrams,
                "Datagrams sent in batches (divided by batches: datagrams per system call)");
        registry.getPrometheusRegistry().register(new DelayHistogramCollector("patchbay_media_forward_delay_seconds",
                "Delay the server added to each datagram sent because of a received one (forwarded media,"
                        + " retransmissions): from reading the received datagram to handing the sent one to the kernel"
                        + " (batched send path)", media.forwardDelay()));
        registry.getPrometheusRegistry().register(new DelayHistogramCollector("patchbay_media_queue_delay_seconds",
                "How long each received packet waited for its media thread (the first part of the forward delay)",
                media.queueDelay()));
        counter("patchbay.media.spread.packets", media, MediaStats::spreadPackets,
                "RTP packets a room's media thread handed to another media thread to protect and send (a large room's"
                        + " fan-out spread over threads, PATCHBAY_MEDIA_SPREAD_FROM_SUBSCRIBERS)");
        counter("patchbay.dtls.handshakes", media, MediaStats::dtlsHandshakesCompleted, "Completed DTLS handshakes");
        counter("patchbay.dtls.failures", media, MediaStats::dtlsHandshakesFailed, "Failed DTLS handshakes");
        LifecycleCounters lifecycle = rooms.counters();
        io.micrometer.core.instrument.Timer joinToMedia = io.micrometer.core.instrument.Timer
                .builder("patchbay.join.to.media")
                .description("From join to the participant's first connected media connection (ICE and DTLS done)")
                .serviceLevelObjectives(java.time.Duration.ofMillis(250), java.time.Duration.ofMillis(500),
                        java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2),
                        java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(10))
                .register(registry);
        lifecycle.onJoinToMedia(millis -> joinToMedia.record(millis, java.util.concurrent.TimeUnit.MILLISECONDS));
        io.micrometer.core.instrument.DistributionSummary estimates = io.micrometer.core.instrument.DistributionSummary
                .builder("patchbay.subscriber.estimate")
                .description("Subscribers' bandwidth estimates (GCC from their TWCC feedback), sampled once a second each")
                .baseUnit("bps")
                .serviceLevelObjectives(150_000, 300_000, 600_000, 1_000_000, 2_000_000, 4_000_000, 8_000_000)
                .register(registry);
        media.onSubscriberEstimate(estimates::record);
        for (LeaveReason reason : LeaveReason.values()) {
            FunctionCounter.builder("patchbay.participants.left", lifecycle, c -> c.departures(reason))
                    .description("Participants that left their room, by reason (docs/protocol.md, Session lifecycle)")
                    .tag("reason", reason.wireName())
                    .register(registry);
        }
        FunctionCounter.builder("patchbay.sessions.resumed", lifecycle, LifecycleCounters::resumed)
                .description("Sessions resumed on a new WebSocket with their reconnect token").register(registry);
        FunctionCounter.builder("patchbay.sessions.resume.failures", lifecycle, LifecycleCounters::resumeFailures)
                .description("Resumes refused (unknown or expired token)").register(registry);
        FunctionCounter.builder("patchbay.sessions.sockets.lost", lifecycle, LifecycleCounters::socketsLost)
                .description("WebSockets lost without leave (held for resume)").register(registry);
        FunctionCounter.builder("patchbay.ice.candidates.refused", lifecycle, LifecycleCounters::candidatesRefused)
                .description("Trickled candidates refused: over the per-connection limit").register(registry);
        FunctionCounter.builder("patchbay.tracks.refused", lifecycle, LifecycleCounters::tracksRefused)
                .description("Offered tracks rejected (port 0): over the per-participant limit").register(registry);
        FunctionCounter.builder("patchbay.codec.switches", lifecycle, LifecycleCounters::codecSwitches)
                .description("Publishers asked to send a track in another of its codecs (publish-codec)")
                .register(registry);
        FunctionCounter.builder("patchbay.ice.restarts", lifecycle, LifecycleCounters::iceRestarts)
                .description("ICE restarts (publisher offers with new credentials, restart-ice)").register(registry);
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder("patchbay.media.packets.dropped", media, m -> m.droppedCount(reason))
                    .description("Packets from the network dropped, by reason")
                    .tag("reason", reason.label())
                    .register(registry);
        }
        FunctionCounter.builder("patchbay.media.probe.padding.bytes", media, MediaStats::paddingBytesSent)
                .description("Padding sent to probe subscribers' paths (bandwidth probing)")
                .baseUnit("bytes")
                .register(registry);
        for (SkipReason reason : SkipReason.values()) {
            FunctionCounter.builder("patchbay.media.forward.skipped", media, m -> m.skippedCount(reason))
                    .description("Subscriber copies of packets the forwarder chose not to send, by reason")
                    .tag("reason", reason.label())
                    .register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    private void counter(String name, MediaStats media, ToDoubleFunction<MediaStats> f, String description) {
        FunctionCounter.builder(name, media, f).description(description).register(registry);
    }

    /** Webhook delivery counters: delivered, failed (retries exhausted) and dropped by reason. */
    public void webhooks(io.patchbay.signaling.webhook.WebhookDispatcher hooks) {
        FunctionCounter.builder("patchbay.webhooks.delivered", hooks, h -> h.delivered())
                .description("Webhook events delivered (2xx answer)").register(registry);
        FunctionCounter.builder("patchbay.webhooks.failed", hooks, h -> h.failed())
                .description("Webhook events given up after every retry failed").register(registry);
        for (String reason : io.patchbay.signaling.webhook.WebhookDispatcher.DROP_REASONS) {
            FunctionCounter.builder("patchbay.webhooks.dropped", hooks, h -> h.dropped(reason))
                    .description("Webhook events dropped without an attempt, by reason")
                    .tag("reason", reason)
                    .register(registry);
        }
    }

    /** DTLS handshake threads: handshakes running and waiting now, and refused because both were full. */
    public void dtls(io.patchbay.media.dtls.DtlsExecutor executor) {
        Gauge.builder("patchbay.dtls.handshakes.running", executor, e -> e.running())
                .description("DTLS handshakes (and late records) being processed now").register(registry);
        Gauge.builder("patchbay.dtls.handshakes.queued", executor, e -> e.queued())
                .description("DTLS handshakes waiting for a thread").register(registry);
        FunctionCounter.builder("patchbay.dtls.handshakes.refused", executor, e -> e.refused())
                .description("DTLS handshakes refused because every thread was busy and the queue was full")
                .register(registry);
    }

    /**
     * Readiness as Prometheus sees it: {@code patchbay_ready} (1 when {@code /health/ready} says 200),
     * {@code patchbay_draining}, and the media port self-probes by result.
     */
    public void health(io.patchbay.signaling.health.Readiness readiness) {
        Gauge.builder("patchbay.ready", readiness,
                r -> r.state(System.currentTimeMillis()) == io.patchbay.signaling.health.Readiness.State.READY ? 1 : 0)
                .description("1 when the server takes new participants (GET /health/ready is 200)").register(registry);
        Gauge.builder("patchbay.draining", readiness, r -> r.isDraining() ? 1 : 0)
                .description("1 while the server drains (SIGTERM or POST /api/v1/admin/drain)").register(registry);
        for (boolean ok : new boolean[] {true, false}) {
            FunctionCounter.builder("patchbay.media.port.probes", readiness, r -> r.probes(ok))
                    .description("Self-probes of the media UDP port (an ICE connectivity check to itself), by result")
                    .tag("result", ok ? "answered" : "failed")
                    .register(registry);
        }
    }

    /** HTTP connections refused over the per-address limit. */
    public void connections(io.patchbay.signaling.limits.ConnectionsPerIp connections) {
        FunctionCounter.builder("patchbay.connections.refused", connections, c -> c.refused())
                .description("HTTP connections (WebSockets included) refused with 429, by reason")
                .tag("reason", "per-ip")
                .register(registry);
    }

    /** Cluster gauges (docs/operations.md, "Cluster"): members, and signaling that crosses nodes. */
    public void cluster(io.patchbay.signaling.cluster.ClusterNode node) {
        Gauge.builder("patchbay.cluster.nodes", node, n -> n.nodes().memberCount())
                .description("Nodes in this node's cluster, itself included").register(registry);
        Gauge.builder("patchbay.cluster.sessions", node, io.patchbay.signaling.cluster.ClusterNode::edgeSessions)
                .tag("side", "edge")
                .description("Sockets here whose room is owned by another node (signaling relayed over the event bus)")
                .register(registry);
        Gauge.builder("patchbay.cluster.sessions", node, io.patchbay.signaling.cluster.ClusterNode::hostedSessions)
                .tag("side", "host")
                .description("Participants here whose socket is on another node").register(registry);
        Gauge.builder("patchbay.cluster.relays", node, io.patchbay.signaling.cluster.ClusterNode::relayLinks)
                .description("Media relays open to other nodes (one per room and other node it spans)")
                .register(registry);
        for (String direction : java.util.List.of("sent", "received")) {
            boolean sent = direction.equals("sent");
            FunctionCounter.builder("patchbay.cluster.relay.packets", mediaStats,
                            m -> sent ? m.relayPacketsSent() : m.relayPacketsReceived())
                    .tag("direction", direction)
                    .description("RTP and RTCP packets on media relays between nodes").register(registry);
            FunctionCounter.builder("patchbay.cluster.relay.bytes", mediaStats,
                            m -> sent ? m.relayBytesSent() : m.relayBytesReceived())
                    .tag("direction", direction).baseUnit("bytes")
                    .description("Bytes (SRTP) on media relays between nodes").register(registry);
        }
    }

    public void signalingError(String code) {
        String label = signalingErrors.size() < MAX_ERROR_CODES || signalingErrors.containsKey(code) ? code : "other";
        signalingErrors.computeIfAbsent(label, c -> Counter.builder("patchbay.signaling.errors")
                .description("Error messages sent to clients, by code").tag("code", c).register(registry)).increment();
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}

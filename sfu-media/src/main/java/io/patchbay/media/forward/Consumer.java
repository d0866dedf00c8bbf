package io.patchbay.media.forward;

import io.patchbay.media.MediaStats;
import io.patchbay.media.SkipReason;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.red.RedPacket;
import io.patchbay.media.stream.SentPacketHistory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One subscriber's copy of one producer: its own SSRC, sequence numbers and timestamps, header extensions rewritten
 * to the subscriber's ids, and its own sender statistics for Sender Reports. Decide, then apply: {@link Forwarder}
 * says what to do with each packet (send with these rewrites, or skip for a counted reason, or wait for a keyframe of
 * a layer), and this class does it. Media-thread only.
 */
final class Consumer {
    /** Source packets are remembered as (layer sequence << 2 | layer) so that a NACK finds the right layer's cache. */
    private static final int LAYER_BITS = 2;

    final Producer producer;
    final TransportBinding subscriber;
    final long ssrc;
    /** The m-section this consumer's packets name in their mid header extension. */
    final String mid;
    final String cname;
    final byte[] cnameBytes;
    private final RtpMunger munger;
    private final Forwarder forwarder;
    /** Output payload types this subscriber decodes, or null: all of the producer's. */
    private final boolean[] decodable;
    /** The output payload type of the video sent in the current run, -1 before the first packet. */
    private int runPayloadType = -1;
    /** The apply step: writes and sends what the forwarder decided. */
    private final ConsumerWriter out;
    private final MediaStats stats;
    /** Outgoing sequence number -> publisher packet, for NACKs (video only). */
    private final SentPacketHistory history;
    private final long rtxSsrc;
    private ConsumerPreferences preferences = ConsumerPreferences.DEFAULT;
    private int wantedLayer = -1;
    /** When the allocation last moved this subscriber down a layer, for the upgrade hold. */
    private long lastDowngradeNanos = Long.MIN_VALUE;
    /**
     * After bandwidth moved it down, no going up for this long: a link at its limit must not make the picture flap.
     * (A lower maxHeight does not start the hold.)
     */
    static final long UPGRADE_HOLD_NANOS = 5_000_000_000L;
    boolean closed;

    long packetsSent;
    long octetsSent;
    long plisReceived;
    long nacksReceived;
    long retransmissionsSent;
    long layerSwitches;
    final RateMeter rate = new RateMeter();
    /** Middle 32 bits of the NTP time of our last Sender Report, and when it was sent: for RTT from RR (RFC 3550 6.4.1). */
    long lastSrCompactNtp;
    long lastSrSentNanos;

    Consumer(ConsumerSpec spec, Producer producer, TransportBinding subscriber, OutputBuffer output,
             MediaStats stats, RtpHeaderWriter writer, RedPacket redView) {
        this.producer = producer;
        this.subscriber = subscriber;
        this.ssrc = spec.ssrc();
        this.mid = spec.mid();
        this.cname = spec.cname();
        this.cnameBytes = spec.cname().getBytes(StandardCharsets.UTF_8);
        this.stats = stats;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.munger = new RtpMunger(producer.clockRateHz, r.nextInt(0x10000), r.nextLong(0x1_0000_0000L));
        this.forwarder = new Forwarder(producer.isVideo(), munger);
        this.out = new ConsumerWriter(spec, producer, subscriber, output, stats, writer, redView);
        this.history = producer.isVideo() ? new SentPacketHistory() : null;
        this.rtxSsrc = spec.rtxSsrc();
        if (spec.decodablePayloadTypes().isEmpty()) {
            this.decodable = null;
        } else {
            this.decodable = new boolean[128];
            for (int pt : spec.decodablePayloadTypes()) decodable[pt] = true;
        }
    }

    boolean isVideo() {
        return producer.isVideo();
    }

    void setPreferences(ConsumerPreferences next) {
        preferences = next;
        forwarder.setPaused(next.paused());
    }

    ConsumerPreferences preferences() {
        return preferences;
    }

    /** Last-N leaves (or brings back) this publisher's video for this subscriber. */
    void setLastNExcluded(boolean excluded) {
        forwarder.setLastNExcluded(excluded);
    }

    /** Not forwarding for a reason the subscriber or the room chose (paused, last-N): nothing to allocate for. */
    boolean switchedOff() {
        return preferences.paused() || forwarder.lastNExcluded();
    }

    /** The source restarted or resumed: the next forwarded packet continues this stream without a jump. */
    void rebase() {
        forwarder.restart();
    }

    /**
     * Applies the allocator's verdict: a {@link Quality} (the best simulcast layer being sent at or below its spatial
     * layer becomes the target, switched to on its next keyframe; for SVC the spatial layer inside the stream, from
     * the next key picture; and the temporal layer), or {@link BandwidthAllocator#PAUSED}.
     * {@code wantedSpatial}: the spatial layer the subscriber would take with room (-1: none), which its publisher
     * keeps sending. {@code bandwidthLimited}: bandwidth, not the subscriber's wish, decided; a downgrade then starts
     * the hold.
     */
    void applyAllocation(int quality, int wantedSpatial, boolean bandwidthLimited, long nowNanos) {
        wantedLayer = wantedSpatial;
        forwarder.setBandwidthPaused(quality == BandwidthAllocator.PAUSED && !switchedOff());
        if (quality < 0) return;
        int spatial = Quality.spatial(quality);
        int temporal = Quality.temporal(quality);
        if (bandwidthLimited && quality < targetQuality()) lastDowngradeNanos = nowNanos;
        forwarder.setTargetTemporal(temporal);
        if (producer.svc) {
            forwarder.setTargetSpatial(spatial);
            return;
        }
        ProducerLayer[] layers = producer.layers;
        int target = -1;
        int lowestActive = -1;
        for (int l = 0; l < layers.length; l++) {
            if (!layers[l].isActive(nowNanos)) continue;
            if (lowestActive < 0) lowestActive = l;
            if (l <= spatial) target = l;
        }
        if (target < 0) target = lowestActive;
        if (target < 0) return;
        forwarder.setTargetLayer(target);
    }

    /** The quality this subscriber is switching to, or receives. */
    int targetQuality() {
        int spatial = producer.svc ? forwarder.targetSpatial() : forwarder.targetLayer();
        return Quality.of(Math.min(spatial, LayerRates.MAX_SPATIAL - 1),
                Math.min(forwarder.targetTemporal(), LayerRates.MAX_TEMPORAL - 1));
    }

    /** Going up is on hold: the allocation moved this subscriber down less than {@link #UPGRADE_HOLD_NANOS} ago. */
    boolean upgradeOnHold(long nowNanos) {
        return lastDowngradeNanos != Long.MIN_VALUE && nowNanos - lastDowngradeNanos < UPGRADE_HOLD_NANOS;
    }

    /**
     * The layer this subscriber would take with room (its limits, not its bandwidth), sent or not, or -1 when it takes
     * nothing: what the publisher is asked to encode.
     */
    int wantedLayer() {
        return wantedLayer;
    }

    /** The layer this subscriber wants: the one it is switching to, or receives. */
    int targetLayer() {
        return forwarder.targetLayer();
    }

    /** The highest temporal layer being forwarded ({@link Forwarder#ALL_LAYERS}: every one). */
    int currentTemporal() {
        return forwarder.currentTemporal();
    }

    /** The SVC spatial layer being forwarded ({@link Forwarder#ALL_LAYERS}: every one). */
    int currentSpatial() {
        return forwarder.currentSpatial();
    }

    /** The layer being forwarded, or -1 while waiting for the first keyframe. */
    int currentLayer() {
        return forwarder.currentLayer();
    }

    /**
     * Video in a codec this subscriber does not decode is skipped; when the publisher moves to another codec (the
     * same SSRC and sequence numbers, another payload type) the output starts a new run at the new codec's first
     * keyframe, as at a simulcast layer switch. Returns whether the packet goes on to the forwarder.
     */
    private boolean codecAllows(IncomingPacket in) {
        int pt = in.outputPayloadType;
        if (decodable != null && !decodable[pt]) {
            stats.skipped(SkipReason.CODEC_NOT_DECODABLE);
            return false;
        }
        if (pt == runPayloadType) return true;
        if (runPayloadType >= 0) {
            if (!in.keyframe) {
                // The old codec's last packets, or the new one's before its keyframe.
                in.layer.keyframeWanted = true;
                stats.skipped(SkipReason.CODEC_NOT_DECODABLE);
                return false;
            }
            forwarder.restartRun();
        }
        runPayloadType = pt;
        return true;
    }

    /** Decide, then apply: skip (counted), or copy into a send buffer with a rewritten header, protect, send. */
    void forward(IncomingPacket in) {
        if (closed) return;
        if (producer.isVideo() && !codecAllows(in)) return;
        ForwardDecision d = forwarder.decide(in.layer.index, in.sequenceNumber(), in.timestamp(), in.keyframe, in.vp8,
                in.frame, subscriber.transport.isConnected(), producer.paused, in.nowNanos);
        if (d.keyframeNeededLayer >= 0) producer.layers[d.keyframeNeededLayer].keyframeWanted = true;
        if (!d.forward) {
            stats.skipped(d.skipReason);
            return;
        }
        if (d.switchedLayer && (producer.simulcast || producer.svc)) layerSwitches++;
        if (history != null) {
            history.record(d.outSequence, (in.extendedSequence << LAYER_BITS) | in.layer.index, d.outTimestamp,
                    d.payloadTag, in.nowNanos);
        }
        int payloadBytes = out.send(in.header, in.outputPayloadType, d.outSequence, d.outTimestamp, d.payloadTag, d.marker, false,
                in.nowNanos);
        if (payloadBytes >= 0) {
            packetsSent++;
            octetsSent += payloadBytes;
        }
    }

    /**
     * A subscriber's NACK for {@code outSeq} (RFC 4585 6.2.1): resend it from the producer's cache, as RTX (RFC 4588)
     * when negotiated, at most once per RTT.
     */
    void retransmit(int outSeq, RtpHeader scratch, long rttNanos, long nowNanos) {
        nacksReceived++;
        if (history == null || closed || !history.mayRetransmit(outSeq, nowNanos, rttNanos)) return;
        resend(outSeq, scratch, nowNanos);
    }

    /**
     * The subscriber's transport-wide feedback reports {@code outSeq} (or its last retransmission) lost
     * ({@link FeedbackRetransmissions}): resend it under the same limits as a NACK; with {@code onlyIfNotRetransmitted}
     * not if a NACK had it resent already. Returns the history's decision ({@code RETRANSMIT} when it was resent,
     * {@code TOO_SOON} when it may be later), {@code UNKNOWN} for nothing to do.
     */
    SentPacketHistory.Decision retransmitLost(int outSeq, boolean onlyIfNotRetransmitted, RtpHeader scratch,
                                              long rttNanos, long nowNanos) {
        if (history == null || closed) return SentPacketHistory.Decision.UNKNOWN;
        if (onlyIfNotRetransmitted && history.retransmissions(outSeq) != 0) return SentPacketHistory.Decision.UNKNOWN;
        SentPacketHistory.Decision d = history.check(outSeq, nowNanos, rttNanos);
        if (d == SentPacketHistory.Decision.RETRANSMIT && resend(outSeq, scratch, nowNanos)) {
            stats.retransmissionAfterFeedback();
        }
        return d;
    }

    /** Sends {@code outSeq} again from the producer's cache (RTX when negotiated); false when it is not there. */
    private boolean resend(int outSeq, RtpHeader scratch, long nowNanos) {
        long source = history.sourceFor(outSeq);
        ProducerLayer layer = source < 0 ? null : producer.layers[(int) (source & ((1 << LAYER_BITS) - 1))];
        PacketBuffer cached = layer == null || layer.cache == null ? null
                : layer.cache.get(source >>> LAYER_BITS, nowNanos);
        if (cached == null || scratch.parse(cached.data, cached.offset, cached.length)
                != io.patchbay.media.packet.RtpParseResult.OK) {
            stats.retransmissionMissed();
            return false;
        }
        int outPt = producer.outputPayloadType(scratch.payloadType());
        if (outPt < 0) return false;
        if (out.send(scratch, outPt, outSeq, history.timestampFor(outSeq), history.payloadTagFor(outSeq), false, true,
                nowNanos) < 0) {
            return false;
        }
        retransmissionsSent++;
        stats.retransmissionSent();
        return true;
    }

    /** Padding can go on this consumer's RTX stream: video with RTX negotiated, started, open. */
    boolean canCarryPadding() {
        return isVideo() && out.hasRtx() && !closed && hasSent() && subscriber.transport.isConnected();
    }

    /** A padding-only packet on the RTX stream, for a bandwidth probe. */
    boolean sendPadding(int paddingBytes, long nowNanos) {
        return out.sendPadding(paddingBytes, munger.lastOutTimestamp(), nowNanos);
    }

    /** Timestamp for a Sender Report at {@code nowNanos}, on this consumer's timeline (RFC 3550 6.4.1). */
    long senderReportTimestamp(long nowNanos) {
        long elapsedNanos;
        long base;
        int current = forwarder.currentLayer();
        ProducerLayer layer = current >= 0 ? producer.layers[current] : null;
        if (layer != null && layer.haveSenderReport) {
            // Keep the publisher's own NTP/RTP relation (its audio and video share one clock), moved to our clock.
            base = layer.srRtpTimestamp + munger.timestampOffset();
            elapsedNanos = nowNanos - layer.srArrivalNanos;
        } else {
            base = munger.lastOutTimestamp();
            elapsedNanos = nowNanos - munger.lastOutNanos();
        }
        return (base + elapsedNanos * producer.clockRateHz / 1_000_000_000L) & 0xFFFFFFFFL;
    }

    /** A video consumer whose subscriber is connected but which has not yet seen a keyframe to start on. */
    boolean waitingForKeyframe() {
        return forwarder.waitingForKeyframe() && !closed && !preferences.paused() && subscriber.transport.isConnected();
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

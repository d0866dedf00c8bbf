package io.patchbay.media.forward;

import io.patchbay.media.cc.BandwidthEstimator;
import io.patchbay.media.cc.TwccRecorder;
import io.patchbay.media.transport.MediaTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A router's per-transport state: the producers arriving on it (publisher side), the consumers leaving on it
 * (subscriber side), its RTCP sender SSRC, and its transport-wide sequence counter. Media-thread only.
 */
final class TransportBinding {
    final MediaTransport transport;
    /** SSRC used as the sender of RTCP feedback and receiver reports on this transport. */
    final long rtcpSsrc = ThreadLocalRandom.current().nextLong(1, 0x1_0000_0000L);
    final List<Producer> producers = new ArrayList<>();
    final List<Consumer> consumers = new ArrayList<>();
    /** A node-to-node relay: the tracks it carries to the other node. */
    final List<RelaySender> relaySenders = new ArrayList<>();
    /** The mid extension id the publisher uses on this bundle (all its m-sections share one id space). */
    int midExtensionId;
    /** The media thread that sends this transport's RTP ({@link FanOutSpread}); -1 until its first consumer. */
    int senderIndex = -1;
    private int transportSequence = ThreadLocalRandom.current().nextInt(0x10000);
    /** Publisher side: arrival times by transport-wide sequence number, for TWCC feedback. Created on first use. */
    TwccRecorder twcc;
    /** Subscriber side: what the path to this subscriber carries, from its TWCC feedback. Created on first send. */
    BandwidthEstimator bandwidth;
    /**
     * Publisher side without TWCC: a receive-side estimate of the uplink from abs-send-time, for REMB
     * (draft-alvestrand-rmcat-remb-03). Created on the first such packet.
     */
    BandwidthEstimator uplinkEstimate;
    private int uplinkSequence;
    private long absSendTimeUnwrapped = -1;

    /**
     * Feeds one packet's abs-send-time (24-bit, 6.18 fixed-point seconds, wrapping every 64 s) and arrival to the
     * receive-side estimator: the sender's clock for departures, ours for arrivals; only differences matter.
     */
    void onUplinkPacket(int absSendTime24, int sizeBytes, long arrivalNanos) {
        if (uplinkEstimate == null) uplinkEstimate = new BandwidthEstimator();
        if (absSendTimeUnwrapped < 0) {
            absSendTimeUnwrapped = absSendTime24;
        } else {
            int last = (int) (absSendTimeUnwrapped & 0xFFFFFF);
            int delta = ((absSendTime24 - last) << 8) >> 8; // signed 24-bit difference
            absSendTimeUnwrapped += delta;
        }
        long sendNanos = absSendTimeUnwrapped * 1_000_000_000L / (1 << 18);
        int seq = uplinkSequence;
        uplinkSequence = (uplinkSequence + 1) & 0xFFFF;
        uplinkEstimate.onSent(seq, sendNanos, sizeBytes);
        uplinkEstimate.onPacketResult(seq, true, arrivalNanos);
    }
    long nextReportNanos;
    long nextLayerSelectionNanos;
    /** Subscriber side: how its bandwidth is shared among the video it receives. */
    final SubscriberAllocation allocation = new SubscriberAllocation();
    /** Subscriber side: probes its path when the allocation wants more than the estimate allows. */
    final SubscriberProbe probe = new SubscriberProbe();
    long nextUplinkUpdateNanos;
    /** Smoothed round-trip time from RTCP, or -1 until measured. */
    long rttNanos = -1;
    /** The same participant's other transport (same client, same path), whose RTT stands in until ours is known. */
    TransportBinding sibling;
    /** Subscriber side: publishers whose video it receives whatever last-N says ({@link ActiveSpeakers}). */
    List<TransportBinding> pinned = List.of();

    void onRttSample(long sampleNanos) {
        rttNanos = rttNanos < 0 ? sampleNanos : rttNanos + (sampleNanos - rttNanos) / 8;
    }

    /** Best RTT estimate for this path: ours, else the sibling's, else {@code fallbackNanos}. */
    long rttOr(long fallbackNanos) {
        if (rttNanos >= 0) return rttNanos;
        if (sibling != null && sibling.rttNanos >= 0) return sibling.rttNanos;
        return fallbackNanos;
    }

    /** The order transports were added to the router: publishers that never spoke rank in this order (last-N). */
    final long addedOrder;

    TransportBinding(MediaTransport transport, long addedOrder) {
        this.transport = transport;
        this.addedOrder = addedOrder;
    }

    /** A packet left on this transport with transport-wide sequence {@code seq} (or -1 without the extension). */
    void onSent(int seq, int sizeBytes, long nowNanos) {
        if (seq < 0) return;
        if (bandwidth == null) bandwidth = new BandwidthEstimator();
        bandwidth.onSent(seq, nowNanos, sizeBytes);
        // Audio and padding take the number too: what video had under it 65,536 packets ago must not answer for them.
        if (feedbackRetransmissions != null) feedbackRetransmissions.forget(seq);
    }

    /** Subscriber side: which video packet each transport-wide sequence number carried, for feedback-led resends. */
    FeedbackRetransmissions feedbackRetransmissions;

    /** A video packet (or a retransmission of {@code outSeq}) of the consumer with {@code mediaSsrc} left here. */
    void onVideoSent(int transportSeq, long mediaSsrc, int outSeq, boolean retransmission) {
        if (feedbackRetransmissions == null) feedbackRetransmissions = new FeedbackRetransmissions();
        feedbackRetransmissions.onSent(transportSeq, mediaSsrc, outSeq, retransmission);
    }

    int nextTransportSequence() {
        transportSequence = (transportSequence + 1) & 0xFFFF;
        return transportSequence;
    }

    /** The layer whose media or RTX stream has this SSRC, or null. */
    ProducerLayer layerBySsrc(long ssrc) {
        for (int i = 0; i < producers.size(); i++) {
            for (ProducerLayer l : producers.get(i).layers) {
                if ((l.ssrcKnown && l.ssrc == ssrc) || (l.rtxSsrcKnown && l.rtxSsrc == ssrc)) return l;
            }
        }
        return null;
    }

    Producer producerByMid(byte[] buf, int off, int len) {
        for (int i = 0; i < producers.size(); i++) {
            Producer p = producers.get(i);
            if (p.midBytes.length == len && java.util.Arrays.equals(p.midBytes, 0, len, buf, off, off + len)) return p;
        }
        return null;
    }

    /** Video consumers not closed: the tracks this subscriber's bandwidth is shared by. */
    int openVideoConsumers() {
        int n = 0;
        for (int i = 0; i < consumers.size(); i++) {
            Consumer c = consumers.get(i);
            if (c.isVideo() && !c.closed) n++;
        }
        return n;
    }

    /** What this subscriber's open video consumers other than {@code except} sent over the last rate sample. */
    long videoBpsExcept(Consumer except) {
        long bps = 0;
        for (int i = 0; i < consumers.size(); i++) {
            Consumer c = consumers.get(i);
            if (c != except && c.isVideo() && !c.closed) bps += c.rate.bitrateBps();
        }
        return bps;
    }

    /** The relay sender with a stream on {@code ssrc}, or null. */
    RelaySender relaySenderBySsrc(long ssrc) {
        for (int i = 0; i < relaySenders.size(); i++) {
            RelaySender r = relaySenders.get(i);
            if (r.layerOf(ssrc) >= 0) return r;
        }
        return null;
    }

    Consumer consumerBySsrc(long ssrc) {
        for (int i = 0; i < consumers.size(); i++) {
            Consumer c = consumers.get(i);
            if (c.ssrc == ssrc) return c;
        }
        return null;
    }
}

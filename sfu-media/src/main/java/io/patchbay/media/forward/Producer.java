package io.patchbay.media.forward;

import io.patchbay.core.room.TrackKind;
import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.stream.ReceiveStatistics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incoming track from a publisher and its consumers. Media-thread only. The consumer array is replaced on change
 * (copy on write) so the per-packet loop takes no lock and allocates nothing.
 */
final class Producer {
    private static final int NO_CODEC = -1;
    private static final int RTX = -2;
    private static final Consumer[] NO_CONSUMERS = new Consumer[0];

    final String trackId;
    final TrackKind kind;
    final String mid;
    final byte[] midBytes;
    final TransportBinding publisher;
    final ExtensionIds extensions;
    final boolean pliSupported;
    final int clockRateHz;
    final KeyframeRequester keyframes = new KeyframeRequester();
    final ReceiveStatistics receiveStats;
    private final int[] outputPayloadType = new int[128];
    private final KeyframeDetector[] detectors = new KeyframeDetector[128];
    private final MediaStats stats;

    long ssrc;
    boolean ssrcKnown;
    boolean paused;
    boolean keyframeWanted;
    Consumer[] consumers = NO_CONSUMERS;

    /** Last Sender Report from the publisher: NTP, RTP, and when it arrived (media clock). */
    boolean haveSenderReport;
    long srNtp;
    long srRtpTimestamp;
    long srArrivalNanos;

    Producer(ProducerSpec spec, TransportBinding publisher, MediaStats stats) {
        this.trackId = spec.trackId();
        this.kind = spec.kind();
        this.mid = spec.mid();
        this.midBytes = spec.mid() == null ? new byte[0] : spec.mid().getBytes(StandardCharsets.US_ASCII);
        this.publisher = publisher;
        this.extensions = spec.extensions();
        this.pliSupported = spec.pliSupported();
        this.stats = stats;
        this.clockRateHz = spec.codecs().get(0).clockRateHz();
        this.receiveStats = new ReceiveStatistics(clockRateHz);
        Arrays.fill(outputPayloadType, NO_CODEC);
        for (CodecMapping c : spec.codecs()) {
            outputPayloadType[c.payloadType()] = c.outputPayloadType();
            detectors[c.payloadType()] = kind == TrackKind.VIDEO ? KeyframeDetector.forCodec(c.name()) : KeyframeDetector.ANY;
        }
        for (int pt : spec.rtxPayloadTypes()) {
            if (pt >= 0 && pt < 128) outputPayloadType[pt] = RTX;
        }
        if (spec.ssrc() != 0) {
            this.ssrc = spec.ssrc();
            this.ssrcKnown = true;
        }
    }

    /** Forwards one decrypted packet to every consumer. */
    void onRtp(RtpHeader header, long nowNanos) {
        int pt = header.payloadType();
        int outPt = outputPayloadType[pt];
        if (outPt < 0) {
            stats.dropped(DropReason.UNSUPPORTED_PAYLOAD_TYPE);
            return;
        }
        receiveStats.onPacket(header.sequenceNumber(), header.timestamp(), nowNanos, header.length());
        if (paused) return;
        Consumer[] targets = consumers;
        if (targets.length == 0) return;
        boolean keyframe = detectors[pt].isKeyframeStart(header.buffer(), header.payloadOffset(), header.payloadLength());
        for (Consumer c : targets) {
            c.forward(header, outPt, keyframe, nowNanos);
        }
    }

    boolean isRtxPayloadType(int pt) {
        return outputPayloadType[pt] == RTX;
    }

    void addConsumer(Consumer consumer) {
        Consumer[] next = Arrays.copyOf(consumers, consumers.length + 1);
        next[next.length - 1] = consumer;
        consumers = next;
    }

    void removeConsumer(Consumer consumer) {
        Consumer[] current = consumers;
        int index = -1;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == consumer) index = i;
        }
        if (index < 0) return;
        Consumer[] next = new Consumer[current.length - 1];
        System.arraycopy(current, 0, next, 0, index);
        System.arraycopy(current, index + 1, next, index, current.length - index - 1);
        consumers = next;
    }
}

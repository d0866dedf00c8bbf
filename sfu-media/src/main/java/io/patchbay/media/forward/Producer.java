package io.patchbay.media.forward;

import io.patchbay.core.room.TrackKind;
import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.SequenceNumberUnwrapper;
import io.patchbay.media.stream.NackGenerator;
import io.patchbay.media.stream.ReceiveStatistics;
import io.patchbay.media.stream.RetransmissionCache;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * An incoming track from a publisher and its consumers. Media-thread only. The consumer array is replaced on change
 * (copy on write) so the per-packet loop takes no lock and allocates nothing.
 *
 * <p>Video producers keep every received packet for ~1 s in a {@link RetransmissionCache} shared by all consumers
 * (subscribers' NACKs are answered from it, no copy per subscriber), and NACK what the publisher's uplink lost
 * ({@link NackGenerator}), so one lossy uplink is repaired once for everyone.
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
    /** The publisher's RED payload type, or -1. */
    final int redPayloadType;
    final ReceiveStatistics receiveStats;
    final RetransmissionCache cache;
    final NackGenerator nacks;
    private final int[] outputPayloadType = new int[128];
    /** For an RTX payload type, the media payload type its apt names. */
    private final int[] rtxApt = new int[128];
    private final KeyframeDetector[] detectors = new KeyframeDetector[128];
    private final SequenceNumberUnwrapper sequence = new SequenceNumberUnwrapper();
    private final MediaStats stats;

    long ssrc;
    boolean ssrcKnown;
    long rtxSsrc;
    boolean rtxSsrcKnown;
    boolean paused;
    Consumer[] consumers = NO_CONSUMERS;
    /**
     * A keyframe is needed and not yet asked for (the uplink lost more than NACKs can repair, a request fell inside
     * the throttle interval, a path changed): the router's tick asks; a keyframe arriving clears it.
     */
    boolean keyframeWanted;
    long nextEvictionNanos;
    long rtxReceived;
    long redPacketsReceived;
    long keyframeRequestsSent;
    final RateMeter rate = new RateMeter();

    /** Last Sender Report from the publisher: NTP, RTP, and when it arrived (media clock). */
    boolean haveSenderReport;
    long srNtp;
    long srRtpTimestamp;
    long srArrivalNanos;

    Producer(ProducerSpec spec, TransportBinding publisher, MediaStats stats, PacketBufferPool pool) {
        this.trackId = spec.trackId();
        this.kind = spec.kind();
        this.mid = spec.mid();
        this.midBytes = spec.mid() == null ? new byte[0] : spec.mid().getBytes(StandardCharsets.US_ASCII);
        this.publisher = publisher;
        this.extensions = spec.extensions();
        this.pliSupported = spec.pliSupported();
        this.stats = stats;
        this.clockRateHz = spec.codecs().get(0).clockRateHz();
        this.redPayloadType = spec.redPayloadType() > 0 ? spec.redPayloadType() : -1;
        this.receiveStats = new ReceiveStatistics(clockRateHz);
        Arrays.fill(outputPayloadType, NO_CODEC);
        Arrays.fill(rtxApt, -1);
        for (CodecMapping c : spec.codecs()) {
            outputPayloadType[c.payloadType()] = c.outputPayloadType();
            detectors[c.payloadType()] = kind == TrackKind.VIDEO ? KeyframeDetector.forCodec(c.name()) : KeyframeDetector.ANY;
        }
        for (Map.Entry<Integer, Integer> e : spec.rtxPayloadTypes().entrySet()) {
            int apt = e.getKey();
            int rtxPt = e.getValue();
            if (rtxPt >= 0 && rtxPt < 128 && apt >= 0 && apt < 128 && outputPayloadType[apt] >= 0) {
                outputPayloadType[rtxPt] = RTX;
                rtxApt[rtxPt] = apt;
            }
        }
        if (spec.ssrc() != 0) {
            this.ssrc = spec.ssrc();
            this.ssrcKnown = true;
        }
        if (spec.rtxSsrc() != 0) {
            this.rtxSsrc = spec.rtxSsrc();
            this.rtxSsrcKnown = true;
        }
        boolean video = kind == TrackKind.VIDEO;
        this.cache = video ? new RetransmissionCache(pool) : null;
        this.nacks = video && spec.nackSupported() ? new NackGenerator() : null;
    }

    boolean isRtxPayloadType(int pt) {
        return outputPayloadType[pt] == RTX;
    }

    /** The media payload type an RTX payload type stands for (its apt), or -1. */
    int aptOf(int rtxPayloadType) {
        return rtxApt[rtxPayloadType];
    }

    /** The payload type subscribers see for a publisher payload type, or a negative value. */
    int outputPayloadType(int pt) {
        return outputPayloadType[pt & 0x7F];
    }

    /**
     * Forwards one decrypted packet to every consumer.
     *
     * @param recovered the packet came as an RTX retransmission (already unwrapped)
     * @return true if the packet was kept in the retransmission cache (the cache now owns it)
     */
    boolean onRtp(RtpHeader header, PacketBuffer packet, boolean recovered, long nowNanos) {
        int pt = header.payloadType();
        int outPt = outputPayloadType[pt];
        if (outPt < 0) {
            stats.dropped(DropReason.UNSUPPORTED_PAYLOAD_TYPE);
            return false;
        }
        long extSeq = sequence.unwrap(header.sequenceNumber());
        if (pt == redPayloadType) redPacketsReceived++;
        // Receiver Reports describe the network: retransmissions do not hide loss from the publisher.
        if (!recovered) receiveStats.onPacket(header.sequenceNumber(), header.timestamp(), nowNanos, header.length());
        boolean keyframe = detectors[pt].isKeyframeStart(header.buffer(), header.payloadOffset(), header.payloadLength());
        // A keyframe answers every request still waiting for the throttle interval to pass.
        if (keyframe && kind == TrackKind.VIDEO) keyframeWanted = false;
        if (nacks != null && nacks.onPacket(extSeq, keyframe && kind == TrackKind.VIDEO, recovered, nowNanos)
                == NackGenerator.Result.KEYFRAME_NEEDED) {
            keyframeWanted = true;
        }
        if (!paused) {
            Consumer[] targets = consumers;
            for (Consumer c : targets) {
                c.forward(header, outPt, keyframe, extSeq, nowNanos);
            }
        }
        if (cache == null) return false;
        cache.put(extSeq, packet, nowNanos);
        return true;
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

    /** Releases every cached packet and the publisher's SRTP state for this track; call when it goes away. */
    void close() {
        if (cache != null) cache.close();
        consumers = NO_CONSUMERS;
        if (ssrcKnown) publisher.transport.releaseReceiveSsrc(ssrc);
        if (rtxSsrcKnown) publisher.transport.releaseReceiveSsrc(rtxSsrc);
    }
}

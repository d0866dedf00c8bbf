package io.patchbay.media.forward;

import io.patchbay.media.packet.PacketFate;
import io.patchbay.core.room.TrackKind;
import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.codec.H264ParseResult;
import io.patchbay.media.codec.H264Sps;
import io.patchbay.media.codec.DependencyDescriptor;
import io.patchbay.media.codec.DependencyParseResult;
import io.patchbay.media.codec.DependencyStructure;
import io.patchbay.media.codec.Vp8ParseResult;
import io.patchbay.media.codec.Vp8PayloadDescriptor;
import io.patchbay.media.codec.Vp9ParseResult;
import io.patchbay.media.codec.Vp9PayloadDescriptor;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.stream.NackGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * An incoming track from a publisher: its layers (one RTP stream each; one layer without simulcast) and its
 * consumers. Media-thread only. The consumer array is replaced on change (copy on write) so the per-packet loop
 * takes no lock and allocates nothing.
 *
 * <p>Video layers keep every received packet for ~1 s in a retransmission cache shared by all consumers (subscribers'
 * NACKs are answered from it, no copy per subscriber), and NACK what the publisher's uplink lost, so one lossy uplink
 * is repaired once for everyone.
 */
final class Producer {
    private static final int NO_CODEC = -1;
    private static final int RTX = -2;
    private static final Consumer[] NO_CONSUMERS = new Consumer[0];
    private static final RelaySender[] NO_RELAYS = new RelaySender[0];

    final String trackId;
    final TrackKind kind;
    final String mid;
    final byte[] midBytes;
    final TransportBinding publisher;
    final ExtensionIds extensions;
    final boolean pliSupported;
    final int clockRateHz;
    /** The publisher's RED payload type, or -1. */
    final int redPayloadType;
    /** Lowest first; exactly one without simulcast. */
    final ProducerLayer[] layers;
    final boolean simulcast;
    /** Video of a captured screen: served first and forwarded to every subscriber whatever last-N says. */
    final boolean screenShare;
    private final int[] outputPayloadType = new int[128];
    /** For an RTX payload type, the media payload type its apt names. */
    private final int[] rtxApt = new int[128];
    /** For a media payload type, the publisher's RTX payload type for it, or 0. */
    private final int[] rtxOf = new int[128];
    private final KeyframeDetector[] detectors = new KeyframeDetector[128];
    private final MediaStats stats;
    private final IncomingPacket incoming = new IncomingPacket();
    /** Payload types whose payload is VP8 (RFC 7741) or H264 (RFC 6184). */
    private final boolean[] vp8PayloadType = new boolean[128];
    private final boolean[] h264PayloadType = new boolean[128];
    private final boolean[] vp9PayloadType = new boolean[128];
    private final Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
    private final Vp9PayloadDescriptor vp9 = new Vp9PayloadDescriptor();
    private final DependencyDescriptor dependency = new DependencyDescriptor();
    /** The Dependency Descriptor structure the stream sent last (with its key frames), and one to parse a new one into. */
    private final DependencyStructure structure = new DependencyStructure();
    private final DependencyStructure structureScratch = new DependencyStructure();
    private final H264Sps sps = new H264Sps();

    /**
     * An SVC stream (VP9 with spatial layers in one RTP stream): subscribers choose spatial layers inside
     * {@code layers[0]}. Learned from the packets.
     */
    boolean svc;
    /** K-SVC: delta pictures' spatial layers do not depend on each other (see {@link FrameInfo}). Learned. */
    boolean independentSpatialLayers;
    /** SVC: each spatial layer's height from the scalability structure, 0 while unknown. */
    final int[] svcHeightLines = new int[LayerRates.MAX_SPATIAL];
    boolean paused;
    /** Allocation order among a subscriber's tracks: higher first (screen share, active speaker). */
    int priority;
    /** The id of this audio track in the room's speaker detection, or -1. */
    int speakerId = -1;
    Consumer[] consumers = NO_CONSUMERS;
    /** Other nodes this track goes to (copy on write, like {@link #consumers}). */
    RelaySender[] relays = NO_RELAYS;
    /** Simulcast: the layers last reported as wanted (bit per layer), and when to look again. */
    int reportedLayerMask = -1;
    long nextLayersWantedCheckNanos;
    long redPacketsReceived;
    final RateMeter rate = new RateMeter();
    /** The REMB this track's publisher gets each report interval (video only). */
    final BitrateCapSchedule bitrateCap = new BitrateCapSchedule();

    Producer(ProducerSpec spec, TransportBinding publisher, MediaStats stats, PacketBufferPool pool) {
        this.trackId = spec.trackId();
        this.kind = spec.kind();
        this.mid = spec.mid();
        this.midBytes = spec.mid() == null ? new byte[0] : spec.mid().getBytes(StandardCharsets.US_ASCII);
        this.publisher = publisher;
        this.extensions = spec.extensions();
        this.screenShare = spec.kind() == TrackKind.VIDEO && spec.source() == io.patchbay.core.room.TrackSource.SCREEN;
        this.pliSupported = spec.pliSupported();
        this.stats = stats;
        this.clockRateHz = spec.codecs().get(0).clockRateHz();
        this.redPayloadType = spec.redPayloadType() > 0 ? spec.redPayloadType() : -1;
        Arrays.fill(outputPayloadType, NO_CODEC);
        Arrays.fill(rtxApt, -1);
        for (CodecMapping c : spec.codecs()) {
            outputPayloadType[c.payloadType()] = c.outputPayloadType();
            detectors[c.payloadType()] = kind == TrackKind.VIDEO ? KeyframeDetector.forCodec(c.name()) : KeyframeDetector.ANY;
            vp8PayloadType[c.payloadType()] = kind == TrackKind.VIDEO && c.name().equalsIgnoreCase("VP8");
            h264PayloadType[c.payloadType()] = kind == TrackKind.VIDEO && c.name().equalsIgnoreCase("H264");
            vp9PayloadType[c.payloadType()] = kind == TrackKind.VIDEO && c.name().equalsIgnoreCase("VP9");
        }
        for (Map.Entry<Integer, Integer> e : spec.rtxPayloadTypes().entrySet()) {
            int apt = e.getKey();
            int rtxPt = e.getValue();
            if (rtxPt >= 0 && rtxPt < 128 && apt >= 0 && apt < 128 && outputPayloadType[apt] >= 0) {
                outputPayloadType[rtxPt] = RTX;
                rtxApt[rtxPt] = apt;
                rtxOf[apt] = rtxPt;
            }
        }
        boolean video = kind == TrackKind.VIDEO;
        this.simulcast = !spec.layers().isEmpty();
        if (simulcast) {
            layers = new ProducerLayer[spec.layers().size()];
            for (int i = 0; i < layers.length; i++) {
                LayerSpec l = spec.layers().get(i);
                layers[i] = new ProducerLayer(this, i, l.rid(), l.ssrc(), l.rtxSsrc(), video, spec.nackSupported(), pool);
            }
        } else {
            layers = new ProducerLayer[] {
                new ProducerLayer(this, 0, null, spec.ssrc(), spec.rtxSsrc(), video, spec.nackSupported(), pool)};
        }
    }

    boolean isVideo() {
        return kind == TrackKind.VIDEO;
    }

    boolean isRtxPayloadType(int pt) {
        return outputPayloadType[pt] == RTX;
    }

    /** The media payload type an RTX payload type stands for (its apt), or -1. */
    int aptOf(int rtxPayloadType) {
        return rtxApt[rtxPayloadType];
    }

    /** The publisher's RTX payload type for media payload type {@code pt}, or 0 if it negotiated none. */
    int rtxPayloadTypeOf(int pt) {
        return rtxOf[pt & 0x7F];
    }

    /** The payload type subscribers see for a publisher payload type, or a negative value. */
    int outputPayloadType(int pt) {
        return outputPayloadType[pt & 0x7F];
    }

    /** The layer with this rid, or null. */
    ProducerLayer layerByRid(byte[] buf, int off, int len) {
        for (ProducerLayer l : layers) {
            if (l.ridEquals(buf, off, len)) return l;
        }
        return null;
    }

    /**
     * Forwards one decrypted packet of {@code layer} to every consumer.
     *
     * @param recovered the packet came as an RTX retransmission (already unwrapped)
     * @return {@link PacketFate#KEPT} when the layer's retransmission cache now owns the packet
     */
    PacketFate onRtp(ProducerLayer layer, RtpHeader header, PacketBuffer packet, boolean recovered, long nowNanos) {
        int pt = header.payloadType();
        int outPt = outputPayloadType[pt];
        if (outPt < 0) {
            stats.dropped(DropReason.UNSUPPORTED_PAYLOAD_TYPE);
            return PacketFate.RELEASE;
        }
        long extSeq = layer.sequence.unwrap(header.sequenceNumber());
        if (pt == redPayloadType) redPacketsReceived++;
        layer.lastPacketNanos = nowNanos;
        layer.receivedAny = true;
        // Receiver Reports describe the network: retransmissions do not hide loss from the publisher.
        if (!recovered) layer.receiveStats.onPacket(header.sequenceNumber(), header.timestamp(), nowNanos, header.length());
        boolean keyframe = detectors[pt].isKeyframeStart(header.buffer(), header.payloadOffset(), header.payloadLength());
        boolean video = isVideo();
        Vp8PayloadDescriptor descriptor = null;
        FrameInfo frame = incoming.frame;
        frame.clear();
        boolean frameStart = header.marker(); // without a codec header: count frame ends instead
        if (vp8PayloadType[pt] && vp8.parse(header.buffer(), header.payloadOffset(), header.payloadLength())
                == Vp8ParseResult.OK) {
            descriptor = vp8;
            if (vp8.isKeyframe()) layer.heightLines = vp8.height();
            frameStart = vp8.startOfFrame();
            frame.pictureStart = frameStart;
            if (vp8.hasTid()) {
                frame.temporalId = vp8.tid();
                frame.switchingPoint = vp8.layerSync();
            }
        } else if (vp9PayloadType[pt] && vp9.parse(header.buffer(), header.payloadOffset(), header.payloadLength())
                == Vp9ParseResult.OK) {
            frameStart = vp9.startOfLayerFrame();
            keyframe = describeVp9(layer, frame, keyframe);
        } else if (keyframe && h264PayloadType[pt]
                && sps.parse(header.buffer(), header.payloadOffset(), header.payloadLength()) == H264ParseResult.OK) {
            layer.heightLines = sps.height();
        }
        boolean malformedDependency = false;
        if (extensions.dependencyDescriptor() > 0) {
            DependencyParseResult described = describeDependency(header, layer, frame);
            if (described == DependencyParseResult.OK) {
                frameStart = dependency.startOfFrame();
                keyframe = keyframe && dependency.spatialId() == 0;
            } else {
                malformedDependency = described != null;
            }
        }
        if (!recovered) layer.rates.onPacket(frame.spatialId, frame.temporalId, header.length(), frameStart);
        // A keyframe answers every request still waiting for the throttle interval to pass.
        if (keyframe && video) layer.keyframeWanted = false;
        if (layer.nacks != null && layer.nacks.onPacket(extSeq, keyframe && video, recovered, nowNanos)
                == NackGenerator.Result.KEYFRAME_NEEDED) {
            layer.keyframeWanted = true;
        }
        if (malformedDependency) {
            // Received (so not NACKed again), but nothing says which subscribers may get it.
            stats.dropped(DropReason.DEPENDENCY_DESCRIPTOR_MALFORMED);
            return PacketFate.RELEASE;
        }
        IncomingPacket in = incoming;
        in.header = header;
        in.layer = layer;
        in.outputPayloadType = outPt;
        in.extendedSequence = extSeq;
        in.keyframe = keyframe;
        in.nowNanos = nowNanos;
        in.vp8 = descriptor;
        for (Consumer c : consumers) {
            c.forward(in);
        }
        for (RelaySender r : relays) {
            r.forward(layer, header, nowNanos);
        }
        in.header = null;
        in.vp8 = null;
        if (layer.cache == null) return PacketFate.RELEASE;
        layer.cache.put(extSeq, packet, nowNanos);
        return PacketFate.KEPT;
    }

    /**
     * Fills {@code frame} from the packet's Dependency Descriptor (AV1 RTP specification, appendix A), adopting a
     * structure it carries: its spatial layers make the track SVC, its resolutions give their heights, and a lower
     * layer's delta frames not present in the top decode target make it K-SVC. Null when the packet has none.
     */
    private DependencyParseResult describeDependency(RtpHeader header, ProducerLayer layer, FrameInfo frame) {
        int at = header.findExtension(extensions.dependencyDescriptor());
        if (at < 0) return null;
        DependencyStructure current = structure.isEmpty() ? null : structure;
        DependencyParseResult result = dependency.parse(header.buffer(), at, header.foundExtensionLength(), current,
                structureScratch);
        if (result != DependencyParseResult.OK) return result;
        if (dependency.hasStructure()) {
            structure.copyFrom(structureScratch);
            learnStructure(layer);
        }
        frame.dependency = dependency;
        frame.structure = structure;
        frame.spatialId = dependency.spatialId();
        frame.temporalId = dependency.temporalId();
        frame.pictureStart = dependency.startOfFrame() && dependency.spatialId() == 0;
        frame.endOfLayerFrame = dependency.endOfFrame();
        frame.independentSpatialLayers = independentSpatialLayers;
        return DependencyParseResult.OK;
    }

    private void learnStructure(ProducerLayer layer) {
        DependencyStructure st = structure;
        svc = !simulcast && st.spatialLayerCount() > 1;
        int top = Forwarder.decodeTargetFor(st, Forwarder.ALL_LAYERS, Forwarder.ALL_LAYERS);
        boolean independent = false;
        for (int t = 0; t < st.templateCount(); t++) {
            if (st.templateSpatialId(t) < st.decodeTargetSpatialId(top) && st.templateFdiffCount(t) > 0
                    && st.templateDti(t, top) == DependencyDescriptor.NOT_PRESENT) {
                independent = true;
            }
        }
        independentSpatialLayers = independent;
        if (st.hasResolutions()) {
            for (int s = 0; s < Math.min(st.spatialLayerCount(), svcHeightLines.length); s++) {
                svcHeightLines[s] = st.renderHeight(s);
            }
            if (!svc) layer.heightLines = st.renderHeight(st.spatialLayerCount() - 1);
        }
    }

    /**
     * Fills {@code frame} from the parsed VP9 descriptor (RFC 9628) and learns the stream's SVC structure: spatial
     * layers in one stream make it SVC; a delta picture whose upper layer does not use inter-layer prediction makes it
     * K-SVC; the scalability structure gives each layer's height. Returns whether the packet starts a key picture
     * (for SVC only its lowest layer does: a switch must start with the whole picture).
     */
    private boolean describeVp9(ProducerLayer layer, FrameInfo frame, boolean keyframe) {
        Vp9PayloadDescriptor d = vp9;
        int sid = d.spatialId();
        if (d.hasLayerIndices()) {
            frame.temporalId = d.temporalId();
            frame.switchingPoint = d.switchingUpPoint();
            if (sid > 0 && !simulcast) svc = true;
            if (sid > 0 && d.startOfLayerFrame() && d.interPicturePredicted()) {
                independentSpatialLayers = !d.interLayerDependency();
            }
        }
        if (d.hasScalabilityStructure() && d.hasLayerResolutions()) {
            for (int s = 0; s < Math.min(d.spatialLayerCount(), svcHeightLines.length); s++) {
                svcHeightLines[s] = d.height(s);
            }
            if (!svc) layer.heightLines = d.height(Math.min(d.spatialLayerCount(), LayerRates.MAX_SPATIAL) - 1);
        }
        frame.pictureStart = d.startOfLayerFrame() && sid == 0;
        frame.interPicture = d.interPicturePredicted();
        frame.endOfLayerFrame = d.endOfLayerFrame();
        if (svc) {
            frame.spatialId = sid;
            frame.independentSpatialLayers = independentSpatialLayers;
            return keyframe && sid == 0;
        }
        return keyframe;
    }

    /**
     * The layers some subscriber wants (bit per layer): each consumer's preferred layer, sent or not, and always the
     * lowest, so that a new subscriber's first picture does not wait for an encoder to restart.
     */
    int wantedLayerMask() {
        int mask = 1;
        for (Consumer c : consumers) {
            int wanted = c.wantedLayer();
            if (wanted >= 0) mask |= 1 << wanted;
        }
        for (RelaySender r : relays) mask |= r.wantedMask(); // what other nodes' subscribers want
        return mask;
    }

    /** Bytes received on all layers, for the track's bitrate. */
    long bytesReceived() {
        long total = 0;
        for (ProducerLayer l : layers) total += l.receiveStats.bytesReceived();
        return total;
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

    void addRelay(RelaySender relay) {
        RelaySender[] next = Arrays.copyOf(relays, relays.length + 1);
        next[next.length - 1] = relay;
        relays = next;
    }

    void removeRelay(RelaySender relay) {
        RelaySender[] current = relays;
        int n = 0;
        RelaySender[] next = new RelaySender[current.length];
        for (RelaySender r : current) {
            if (r != relay) next[n++] = r;
        }
        relays = Arrays.copyOf(next, n);
    }

    /** Releases every cached packet and the publisher's SRTP state for this track; call when it goes away. */
    void close() {
        for (ProducerLayer l : layers) l.close();
        for (RelaySender r : relays) {
            r.close();
            r.relay.relaySenders.remove(r);
        }
        relays = NO_RELAYS;
        consumers = NO_CONSUMERS;
    }
}

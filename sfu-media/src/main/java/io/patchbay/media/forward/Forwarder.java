package io.patchbay.media.forward;

import io.patchbay.media.SkipReason;
import io.patchbay.media.codec.DependencyDescriptor;
import io.patchbay.media.codec.DependencyStructure;
import io.patchbay.media.codec.Vp8OutputTag;
import io.patchbay.media.codec.Vp8PayloadDescriptor;
import io.patchbay.media.codec.Vp8RewriteResult;
import io.patchbay.media.codec.Vp8Rewriter;

/**
 * The per-subscriber forwarding decision for one track, as a pure state machine: which layer it receives, when it
 * may switch (only on a keyframe of the target layer, so the picture never breaks), and the sequence number and
 * timestamp each packet gets on the subscriber's one continuous stream ({@link RtpMunger}). It touches no buffer
 * and sends nothing; {@link Consumer} applies the decision. Time is passed in.
 *
 * <p>Three kinds of layer, each with a target and a current value:
 * <ul>
 *   <li>the simulcast layer (one RTP stream each): switched on a keyframe of the target;</li>
 *   <li>the SVC spatial layer inside one stream (VP9 with layer indices): switched on a key picture; packets above it
 *       are dropped, and in K-SVC so are the layers below it on delta pictures; the marker bit moves to the end of
 *       the highest layer sent, which is where the receiver's picture ends now;</li>
 *   <li>the temporal layer (VP8 or VP9 TID): down at any picture start, up at a picture that is a switching point
 *       (VP8 Y, VP9 U) of a layer within the target, or at a keyframe; frames above it are dropped.</li>
 * </ul>
 * A stream with a Dependency Descriptor (AV1) is described by decode targets instead: the subscriber gets the best
 * decode target within its spatial and temporal targets; a frame is sent when its indication for that target is not
 * "not present"; the target changes at a key picture, within a spatial layer at a frame whose indication for the new
 * one is "switch", or, going down, at any frame start when every frame of the new target was being sent anyway.
 *
 * <p>Dropped packets of the stream being sent close up in the munger (sequence numbers) and for VP8 in the PictureIDs,
 * so the subscriber sees one complete stream at a lower frame rate or resolution, not losses.
 *
 * <p>Without simulcast a producer has one layer (0) and the same rules make video start on a keyframe.
 */
final class Forwarder {
    /** All temporal or spatial layers: the target when nothing is chosen. */
    static final int ALL_LAYERS = 7;

    private final boolean video;
    private final RtpMunger munger;
    /** Keeps VP8 picture ids continuous across switches and restarts. */
    private final Vp8Rewriter vp8 = new Vp8Rewriter();
    private final ForwardDecision decision = new ForwardDecision();
    private static final FrameInfo NO_FRAME_INFO = FrameInfo.none();
    /** The layer being forwarded, or -1 until the first keyframe (and after a restart of the source). */
    private int currentLayer = -1;
    private int targetLayer;
    private int currentSpatial = ALL_LAYERS;
    private int targetSpatial = ALL_LAYERS;
    private int currentTemporal = ALL_LAYERS;
    private int targetTemporal = ALL_LAYERS;
    /** The Dependency Descriptor decode target being sent, or -1 until a run starts; and its layers. */
    private int currentDecodeTarget = -1;
    private int decodeTargetSpatial;
    private int decodeTargetTemporal;
    private boolean paused;
    private boolean bandwidthPaused;
    private boolean lastNExcluded;

    Forwarder(boolean video, RtpMunger munger) {
        this.video = video;
        this.munger = munger;
    }

    /** The verdict on one packet of {@code layer} (no codec rewriting); the returned object is reused. */
    ForwardDecision decide(int layer, int sequenceNumber, long timestamp, boolean keyframe, boolean connected,
                           boolean producerPaused, long nowNanos) {
        return decide(layer, sequenceNumber, timestamp, keyframe, null, NO_FRAME_INFO, connected, producerPaused,
                nowNanos);
    }

    /**
     * The verdict on one packet of {@code layer}; {@code vp8} is its parsed descriptor when it is VP8, whose
     * PictureID, TL0PICIDX and KEYIDX are then rewritten too; {@code frame} is its place among temporal and SVC
     * layers. The returned object is reused by the next call.
     */
    ForwardDecision decide(int layer, int sequenceNumber, long timestamp, boolean keyframe, Vp8PayloadDescriptor vp8,
                           FrameInfo frame, boolean connected, boolean producerPaused, long nowNanos) {
        ForwardDecision d = decision;
        d.reset();
        if (!connected) return d.skip(SkipReason.NOT_CONNECTED);
        if (producerPaused) return d.skip(SkipReason.PRODUCER_PAUSED);
        if (paused) return d.skip(SkipReason.SUBSCRIBER_PAUSED);
        if (lastNExcluded) return d.skip(SkipReason.NOT_IN_LAST_N);
        if (bandwidthPaused) return d.skip(SkipReason.BANDWIDTH_PAUSED);
        if (layer != currentLayer) {
            if (layer != targetLayer) return d.skip(SkipReason.LAYER_NOT_SELECTED);
            if (video && !keyframe) {
                d.keyframeNeededLayer = targetLayer;
                return d.skip(currentLayer < 0 ? SkipReason.WAITING_FOR_KEYFRAME : SkipReason.LAYER_SWITCH_PENDING);
            }
            currentLayer = targetLayer;
            currentSpatial = targetSpatial;
            currentTemporal = targetTemporal;
            currentDecodeTarget = -1;
            munger.rebase();
            this.vp8.rebase();
            d.switchedLayer = true;
        }
        if (!munger.accepts(sequenceNumber)) return d.skip(SkipReason.STALE);
        if (frame.dependency != null) {
            SkipReason skip = decideDecodeTarget(frame.dependency, frame.structure, keyframe, d);
            if (skip != null) return drop(d, skip, sequenceNumber, vp8);
        } else if (frame.spatialId >= 0) {
            SkipReason spatial = decideSpatial(frame, keyframe, d);
            if (spatial != null) return drop(d, spatial, sequenceNumber, vp8);
        }
        if (frame.dependency == null && frame.temporalId >= 0) {
            if (frame.pictureStart) moveTemporal(frame, keyframe);
            if (frame.temporalId > currentTemporal) return drop(d, SkipReason.TEMPORAL_LAYER, sequenceNumber, vp8);
        }
        if (vp8 != null) {
            if (this.vp8.rewrite(vp8) == Vp8RewriteResult.DROP_BEFORE_RUN_START) {
                return drop(d, SkipReason.STALE, sequenceNumber, null);
            }
            d.payloadTag = Vp8OutputTag.of(this.vp8);
        }
        munger.translate(sequenceNumber, timestamp, nowNanos);
        return d.send(munger.outSeq, munger.outTs);
    }

    /**
     * SVC: switch up on a key picture (the new layer's own chain starts there); down at a picture start when the
     * lower layers' chains were sent all along (full SVC, or everything was sent), else on a key picture too (K-SVC
     * sent only the current layer between key pictures). Keep what the target needs; mark the end of the highest layer
     * sent.
     */
    private SkipReason decideSpatial(FrameInfo frame, boolean keyframe, ForwardDecision d) {
        int sid = frame.spatialId;
        if (currentSpatial != targetSpatial) {
            boolean lowerChainsSent = !frame.independentSpatialLayers || currentSpatial == ALL_LAYERS;
            boolean down = targetSpatial < currentSpatial;
            if ((keyframe && sid == 0) || (down && lowerChainsSent && frame.pictureStart && sid == 0)) {
                currentSpatial = targetSpatial;
                d.switchedLayer = true;
            } else {
                d.keyframeNeededLayer = currentLayer;
            }
        }
        if (currentSpatial == ALL_LAYERS) return null;
        if (sid > currentSpatial) return SkipReason.SPATIAL_LAYER;
        if (sid < currentSpatial && frame.independentSpatialLayers && frame.interPicture) return SkipReason.SPATIAL_LAYER;
        if (sid == currentSpatial && frame.endOfLayerFrame) d.marker = true;
        return null;
    }

    /**
     * Dependency Descriptor: move to the best decode target within the targets where that is safe, then send the frame
     * if it belongs to the current one, marking the end of its highest spatial layer's frame.
     */
    private SkipReason decideDecodeTarget(DependencyDescriptor dd, DependencyStructure st, boolean keyframe,
                                          ForwardDecision d) {
        int target = decodeTargetFor(st, targetSpatial, targetTemporal);
        boolean keyStart = keyframe && dd.startOfFrame() && dd.spatialId() == 0;
        if (currentDecodeTarget < 0 || currentDecodeTarget >= st.decodeTargetCount() || (keyStart && dd.hasStructure())) {
            currentDecodeTarget = target;
        }
        int current = currentDecodeTarget;
        if (current != target && dd.startOfFrame()) {
            boolean sameSpatial = st.decodeTargetSpatialId(target) == st.decodeTargetSpatialId(current);
            boolean down = st.decodeTargetSpatialId(target) <= st.decodeTargetSpatialId(current)
                    && st.decodeTargetTemporalId(target) <= st.decodeTargetTemporalId(current);
            // A switch indication is enough within the spatial layer being sent: the chain protecting the new target
            // (that layer's base frames) was sent all along. Another spatial layer's chain was not (K-SVC): its key
            // picture is needed, unless every frame of the new target was sent anyway.
            if (keyStart || (sameSpatial && dd.decodeTargetIndication(target) == DependencyDescriptor.SWITCH)
                    || (down && containedIn(st, target, current))) {
                if (!sameSpatial) d.switchedLayer = true;
                currentDecodeTarget = target;
            } else if (!sameSpatial) {
                d.keyframeNeededLayer = currentLayer;
            }
        }
        int sendSpatial = st.decodeTargetSpatialId(currentDecodeTarget);
        decodeTargetSpatial = sendSpatial;
        decodeTargetTemporal = st.decodeTargetTemporalId(currentDecodeTarget);
        if (dd.decodeTargetIndication(currentDecodeTarget) == DependencyDescriptor.NOT_PRESENT) {
            return dd.spatialId() != sendSpatial ? SkipReason.SPATIAL_LAYER : SkipReason.TEMPORAL_LAYER;
        }
        if (dd.endOfFrame() && dd.spatialId() == sendSpatial) d.marker = true;
        return null;
    }

    /**
     * The best decode target (highest spatial, then temporal layer) within the targets; the lowest one when none is
     * within them.
     */
    static int decodeTargetFor(DependencyStructure st, int spatial, int temporal) {
        int best = -1;
        int lowest = 0;
        for (int dt = 0; dt < st.decodeTargetCount(); dt++) {
            int s = st.decodeTargetSpatialId(dt);
            int t = st.decodeTargetTemporalId(dt);
            if (s < st.decodeTargetSpatialId(lowest)
                    || (s == st.decodeTargetSpatialId(lowest) && t < st.decodeTargetTemporalId(lowest))) {
                lowest = dt;
            }
            if (s > spatial || t > temporal) continue;
            if (best < 0 || s > st.decodeTargetSpatialId(best)
                    || (s == st.decodeTargetSpatialId(best) && t > st.decodeTargetTemporalId(best))) {
                best = dt;
            }
        }
        return best >= 0 ? best : lowest;
    }

    /** Every template present in decode target {@code inner} is present in {@code outer} too. */
    private static boolean containedIn(DependencyStructure st, int inner, int outer) {
        for (int t = 0; t < st.templateCount(); t++) {
            if (st.templateDti(t, inner) != DependencyDescriptor.NOT_PRESENT
                    && st.templateDti(t, outer) == DependencyDescriptor.NOT_PRESENT) {
                return false;
            }
        }
        return true;
    }

    /** At a picture start: down at once; up at a switching point within the target, or at a keyframe. */
    private void moveTemporal(FrameInfo frame, boolean keyframe) {
        if (keyframe || currentTemporal > targetTemporal) {
            currentTemporal = targetTemporal;
        } else if (currentTemporal < targetTemporal && frame.switchingPoint && frame.temporalId > currentTemporal
                && frame.temporalId <= targetTemporal) {
            currentTemporal = frame.temporalId;
        }
    }

    /** Skips a packet of the stream being sent: the ones after it close up its sequence number (and VP8 picture). */
    private ForwardDecision drop(ForwardDecision d, SkipReason reason, int sequenceNumber, Vp8PayloadDescriptor vp8) {
        munger.drop(sequenceNumber);
        if (vp8 != null) this.vp8.drop(vp8);
        return d.skip(reason);
    }

    /**
     * The stream changes under the same layer (the publisher moved to another codec): wait for the target layer's
     * next keyframe and continue the output from there, as at a layer switch.
     */
    void restartRun() {
        currentLayer = -1;
    }

    /** Send temporal layers up to {@code temporal} (from the next picture start or switching point). */
    void setTargetTemporal(int temporal) {
        targetTemporal = temporal;
    }

    /** Send SVC spatial layers up to {@code spatial} (from the next key picture). */
    void setTargetSpatial(int spatial) {
        targetSpatial = spatial;
    }

    int targetTemporal() {
        return targetTemporal;
    }

    int targetSpatial() {
        return targetSpatial;
    }

    int currentTemporal() {
        return currentDecodeTarget >= 0 ? decodeTargetTemporal : currentTemporal;
    }

    int currentSpatial() {
        return currentDecodeTarget >= 0 ? decodeTargetSpatial : currentSpatial;
    }

    /** Receive {@code layer} from its next keyframe on; until then the current layer continues. */
    void setTargetLayer(int layer) {
        targetLayer = layer;
    }

    int targetLayer() {
        return targetLayer;
    }

    /** The layer being forwarded, or -1 before the first keyframe. */
    int currentLayer() {
        return currentLayer;
    }

    void setPaused(boolean value) {
        if (paused && !value) restart();
        paused = value;
    }

    /** The subscriber cannot afford this track now (the allocator's call); resuming waits for a keyframe. */
    void setBandwidthPaused(boolean value) {
        if (bandwidthPaused && !value) restart();
        bandwidthPaused = value;
    }

    /** Last-N leaves this publisher out for this subscriber; coming back waits for a keyframe. */
    void setLastNExcluded(boolean value) {
        if (lastNExcluded && !value) restart();
        lastNExcluded = value;
    }

    boolean lastNExcluded() {
        return lastNExcluded;
    }

    /**
     * The source restarted (new SSRC, resume after a pause): continue the output stream without a jump; video waits
     * for a keyframe again since what came before it may be gone.
     */
    void restart() {
        currentDecodeTarget = -1;
        munger.rebase();
        vp8.rebase();
        if (video) currentLayer = -1;
    }

    /** Video that will forward nothing until a keyframe of the target layer arrives. */
    boolean waitingForKeyframe() {
        return video && !paused && !bandwidthPaused && !lastNExcluded && currentLayer != targetLayer;
    }
}

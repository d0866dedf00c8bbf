package io.patchbay.media.forward;

import io.patchbay.media.SkipReason;
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
 * <p>Without simulcast a producer has one layer (0) and the same rules make video start on a keyframe.
 */
final class Forwarder {
    private final boolean video;
    private final RtpMunger munger;
    /** Keeps VP8 picture ids continuous across switches and restarts. */
    private final Vp8Rewriter vp8 = new Vp8Rewriter();
    private final ForwardDecision decision = new ForwardDecision();
    /** The layer being forwarded, or -1 until the first keyframe (and after a restart of the source). */
    private int currentLayer = -1;
    private int targetLayer;
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
        return decide(layer, sequenceNumber, timestamp, keyframe, null, connected, producerPaused, nowNanos);
    }

    /**
     * The verdict on one packet of {@code layer}; {@code vp8} is its parsed descriptor when it is VP8, whose
     * PictureID, TL0PICIDX and KEYIDX are then rewritten too. The returned object is reused by the next call.
     */
    ForwardDecision decide(int layer, int sequenceNumber, long timestamp, boolean keyframe, Vp8PayloadDescriptor vp8,
                           boolean connected, boolean producerPaused, long nowNanos) {
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
            munger.rebase();
            this.vp8.rebase();
            d.switchedLayer = true;
        }
        if (!munger.translate(sequenceNumber, timestamp, nowNanos)) return d.skip(SkipReason.STALE);
        if (vp8 != null) {
            if (this.vp8.rewrite(vp8) == Vp8RewriteResult.DROP_BEFORE_RUN_START) return d.skip(SkipReason.STALE);
            d.payloadTag = Vp8OutputTag.of(this.vp8);
        }
        return d.send(munger.outSeq, munger.outTs);
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
        munger.rebase();
        vp8.rebase();
        if (video) currentLayer = -1;
    }

    /** Video that will forward nothing until a keyframe of the target layer arrives. */
    boolean waitingForKeyframe() {
        return video && !paused && !bandwidthPaused && !lastNExcluded && currentLayer != targetLayer;
    }
}

package io.patchbay.media.forward;

import io.patchbay.media.SkipReason;

/**
 * A forwarder's verdict on one packet for one subscriber: send it with these rewrites, or skip it for a reason; and
 * on the side, whether the subscriber just switched layers and which layer needs a keyframe. Reused per consumer:
 * {@link Forwarder#decide} overwrites every field.
 */
final class ForwardDecision {
    /** Send with {@link #outSequence} and {@link #outTimestamp}; otherwise skip for {@link #skipReason}. */
    boolean forward;
    SkipReason skipReason;
    int outSequence;
    long outTimestamp;
    /** This packet starts a new run on another layer (a layer switch or the first frame). */
    boolean switchedLayer;
    /** A layer whose keyframe this subscriber is waiting for, or -1. */
    int keyframeNeededLayer;
    /** Set the RTP marker bit even if the packet has none: it ends the highest SVC layer this subscriber gets. */
    boolean marker;
    /** What to write into the payload's codec header ({@link io.patchbay.media.codec.Vp8OutputTag}), or -1. */
    long payloadTag;

    ForwardDecision skip(SkipReason reason) {
        forward = false;
        skipReason = reason;
        return this;
    }

    ForwardDecision send(int sequence, long timestamp) {
        forward = true;
        skipReason = null;
        outSequence = sequence;
        outTimestamp = timestamp;
        return this;
    }

    void reset() {
        forward = false;
        skipReason = null;
        switchedLayer = false;
        keyframeNeededLayer = -1;
        payloadTag = -1;
        marker = false;
    }
}

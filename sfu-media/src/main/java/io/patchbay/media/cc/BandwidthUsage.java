package io.patchbay.media.cc;

/**
 * What the delay-based detector concludes from the trend of one-way delay (libwebrtc's {@code BandwidthUsage}):
 * queues are stable, growing, or draining.
 */
public enum BandwidthUsage {
    /** Delay gradient within the adaptive threshold: the path is not queueing. */
    NORMAL,
    /** Delay gradient above the threshold for long enough: a queue is building; the rate must come down. */
    OVERUSING,
    /** Delay gradient below minus the threshold: a queue is draining; hold the rate until it has drained. */
    UNDERUSING
}

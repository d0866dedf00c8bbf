package io.patchbay.media;

/**
 * Why a forwarder did not send a subscriber its copy of a packet. Normal operation, not errors (a simulcast subscriber
 * skips two layers of three), so these are counted apart from network drops; each is a bounded metric label.
 */
public enum SkipReason {
    /** The subscriber's transport is not connected (yet, or any more). */
    NOT_CONNECTED("not_connected"),
    /** The publisher's track is muted on the server. */
    PRODUCER_PAUSED("producer_paused"),
    /** The subscriber paused this track ({@code update-subscription}). */
    SUBSCRIBER_PAUSED("subscriber_paused"),
    /** The subscriber's bandwidth cannot carry this video track even at its lowest layer (audio is never paused). */
    BANDWIDTH_PAUSED("bandwidth_paused"),
    /** Last-N: the publisher is not among the speakers whose video this subscriber receives. */
    NOT_IN_LAST_N("not_in_last_n"),
    /** Video waits for a keyframe before its first frame, so that the subscriber can decode what it gets. */
    WAITING_FOR_KEYFRAME("waiting_for_keyframe"),
    /** A simulcast layer this subscriber is not receiving. */
    LAYER_NOT_SELECTED("layer_not_selected"),
    /** The target layer's packets wait for its keyframe; the current layer is still forwarded meanwhile. */
    LAYER_SWITCH_PENDING("layer_switch_pending"),
    /** A temporal layer above the frame rate this subscriber receives (VP8 TID, VP9 TID): it gets fewer frames. */
    TEMPORAL_LAYER("temporal_layer"),
    /** An SVC spatial layer this subscriber does not need (above its resolution, or below it in K-SVC). */
    SPATIAL_LAYER("spatial_layer"),
    /**
     * A codec the subscriber's answer did not take (the publisher sends it until it moves to one that all its
     * subscribers decode), or a packet of a codec switch before the new codec's keyframe.
     */
    CODEC_NOT_DECODABLE("codec_not_decodable"),
    /** Older than the start of the current run (before a switch or a resume). */
    STALE("stale");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    /** The Prometheus label value. */
    public String label() {
        return label;
    }
}

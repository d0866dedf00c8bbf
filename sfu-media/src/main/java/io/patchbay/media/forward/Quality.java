package io.patchbay.media.forward;

/**
 * A quality a subscriber can receive of one video track, packed in an int so that the allocation path allocates
 * nothing: a spatial layer (the simulcast layer, or the SVC spatial layer inside one stream) and the highest temporal
 * layer sent with it. Ordered: a higher spatial layer is better, then a higher frame rate.
 */
final class Quality {
    private static final int TEMPORAL_BITS = 3;

    private Quality() {
    }

    static int of(int spatial, int temporal) {
        return spatial << TEMPORAL_BITS | temporal;
    }

    static int spatial(int quality) {
        return quality >> TEMPORAL_BITS;
    }

    static int temporal(int quality) {
        return quality & ((1 << TEMPORAL_BITS) - 1);
    }
}

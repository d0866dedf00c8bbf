package io.patchbay.media.forward;

/**
 * How much of a subscriber's bandwidth estimate each of its video tracks may use when choosing a layer: an equal
 * share after audio ({@link BitrateCapPolicy#subscriberShare}), or no limit while the path is not measured yet.
 */
final class LayerAllocation {
    static final long UNLIMITED = Long.MAX_VALUE;

    private LayerAllocation() {
    }

    static long videoShareBps(TransportBinding subscriber) {
        if (subscriber.bandwidth == null || subscriber.bandwidth.acknowledgedBps() == 0) return UNLIMITED;
        int video = subscriber.openVideoConsumers();
        return BitrateCapPolicy.subscriberShare(subscriber.bandwidth.estimateBps(), video,
                subscriber.consumers.size() - video);
    }
}

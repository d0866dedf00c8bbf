package io.patchbay.media.forward;

import java.util.List;

/**
 * Runs {@link BandwidthAllocator} for one subscriber transport and applies the result to its video consumers: the
 * layer each should receive, or a pause when the subscriber cannot afford it. A layer the publisher stopped because
 * nobody wanted it still counts as available here (at its last measured bitrate), so that a subscriber that now
 * wants it makes the publisher turn it back on ({@link Consumer#wantedLayer}); the forwarder meanwhile takes the
 * best layer being sent below it. Media-thread only; allocates only when the subscriber's track count grows.
 */
final class SubscriberAllocation {
    private BandwidthAllocator allocator = new BandwidthAllocator(4, ProducerSpec.MAX_LAYERS);
    private Consumer[] videoConsumers = new Consumer[4];

    /**
     * A layer's height from its keyframes or, never seen, from another layer's: simulcast layers halve in size from
     * one to the next (Chrome's and patchbay.js's scaleResolutionDownBy 4, 2, 1). 0 when no layer's height is known.
     */
    static int heightOf(Producer p, int layer) {
        if (p.layers[layer].heightLines > 0) return p.layers[layer].heightLines;
        for (int distance = 1; distance < p.layers.length; distance++) {
            int above = layer + distance;
            if (above < p.layers.length && p.layers[above].heightLines > 0) {
                return p.layers[above].heightLines >> distance;
            }
            int below = layer - distance;
            if (below >= 0 && p.layers[below].heightLines > 0) return p.layers[below].heightLines << distance;
        }
        return 0;
    }

    void run(TransportBinding subscriber, long nowNanos) {
        List<Consumer> consumers = subscriber.consumers;
        int video = 0;
        int audio = 0;
        for (int i = 0; i < consumers.size(); i++) {
            Consumer c = consumers.get(i);
            if (c.closed || c.switchedOff()) continue;
            if (c.isVideo()) {
                video++;
            } else {
                audio++;
            }
        }
        if (video > allocator.capacity) {
            allocator = new BandwidthAllocator(Math.max(video, allocator.capacity * 2), ProducerSpec.MAX_LAYERS);
            videoConsumers = new Consumer[allocator.capacity];
        }
        BandwidthAllocator a = allocator;
        int layers = a.layersPerTrack;
        int t = 0;
        for (int i = 0; i < consumers.size(); i++) {
            Consumer c = consumers.get(i);
            if (!c.isVideo() || c.closed) continue;
            if (c.switchedOff()) {
                c.applyAllocation(BandwidthAllocator.PAUSED, false, nowNanos);
                continue;
            }
            videoConsumers[t] = c;
            Producer p = c.producer;
            a.priority[t] = p.priority;
            a.maxHeight[t] = c.preferences().maxHeight();
            a.currentLayer[t] = c.targetLayer();
            a.holdUpgrade[t] = c.upgradeOnHold(nowNanos);
            a.layerCount[t] = p.layers.length;
            for (int l = 0; l < p.layers.length; l++) {
                ProducerLayer layer = p.layers[l];
                boolean sent = layer.isActive(nowNanos);
                // Stopped because nobody wanted it (perhaps before it was ever seen): it can be turned back on.
                boolean stoppedByUs = p.simulcast && (p.reportedLayerMask & (1 << l)) == 0;
                a.active[t * layers + l] = sent || stoppedByUs;
                a.heightLines[t * layers + l] = heightOf(p, l);
                a.bitrateBps[t * layers + l] = sent ? layer.peakBitrateBps() : layer.bitrateWhenActiveBps;
            }
            t++;
        }
        a.tracks = t;
        long estimate = subscriber.bandwidth == null || subscriber.bandwidth.acknowledgedBps() == 0
                ? BandwidthAllocator.UNKNOWN_ESTIMATE : subscriber.bandwidth.estimateBps();
        a.allocate(estimate, audio);
        subscriber.probe.wantedBps = a.wantedBps;
        subscriber.probe.allocatedBps = a.allocatedBps;
        for (int i = 0; i < t; i++) {
            videoConsumers[i].applyAllocation(a.layer[i], a.bandwidthLimited[i], nowNanos);
            videoConsumers[i] = null;
        }
    }
}

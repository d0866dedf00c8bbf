package io.patchbay.media.forward;

import java.util.List;

/**
 * Runs {@link BandwidthAllocator} for one subscriber transport and applies the result to its video consumers: the
 * layer each should receive, or a pause when the subscriber cannot afford it. A layer the publisher stopped because
 * nobody wanted it still counts as available here (at its last measured bitrate), so that a subscriber that now
 * wants it makes the publisher turn it back on ({@link Consumer#wantedLayer}); the forwarder meanwhile takes the
 * best layer being sent below it. What the publisher is asked to send follows what the subscriber would like (its
 * limits), not what its bandwidth affords now: turning a layer back on makes Chrome reconfigure its encoder, which
 * stalls every layer for a few hundred milliseconds, so a subscriber whose link recovers would freeze on its way up.
 * (Jitsi's sender constraints and LiveKit's dynacast decide the same way.) Media-thread only; allocates only when the
 * subscriber's track count grows.
 */
final class SubscriberAllocation {
    /** Options per track: the lowest spatial layer at each of up to 8 frame rates, then up to 3 higher layers. */
    static final int OPTIONS = LayerRates.MAX_TEMPORAL + LayerRates.MAX_SPATIAL;
    private BandwidthAllocator allocator = new BandwidthAllocator(4, OPTIONS);
    private Consumer[] videoConsumers = new Consumer[4];
    /** The {@link Quality} of each option, [track * OPTIONS + option]. */
    private int[] optionQuality = new int[4 * OPTIONS];

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
            allocator = new BandwidthAllocator(Math.max(video, allocator.capacity * 2), OPTIONS);
            videoConsumers = new Consumer[allocator.capacity];
            optionQuality = new int[allocator.capacity * OPTIONS];
        }
        BandwidthAllocator a = allocator;
        int t = 0;
        for (int i = 0; i < consumers.size(); i++) {
            Consumer c = consumers.get(i);
            if (!c.isVideo() || c.closed) continue;
            if (c.switchedOff()) {
                c.applyAllocation(BandwidthAllocator.PAUSED, -1, false, nowNanos);
                continue;
            }
            videoConsumers[t] = c;
            Producer p = c.producer;
            a.priority[t] = p.priority;
            a.maxHeight[t] = c.preferences().maxHeight();
            a.maxFrameRate[t] = c.preferences().maxFrameRate();
            a.pausable[t] = p.simulcast || p.svc;
            a.holdUpgrade[t] = c.upgradeOnHold(nowNanos);
            a.layerCount[t] = p.svc ? svcOptions(a, t, p, nowNanos) : streamOptions(a, t, p, nowNanos);
            a.currentLayer[t] = optionAtOrBelow(t, a.layerCount[t], c.targetQuality());
            t++;
        }
        a.tracks = t;
        long estimate = subscriber.bandwidth == null || subscriber.bandwidth.acknowledgedBps() == 0
                ? BandwidthAllocator.UNKNOWN_ESTIMATE : subscriber.bandwidth.estimateBps();
        a.allocate(estimate, audio);
        subscriber.probe.wantedBps = a.wantedBps;
        subscriber.probe.allocatedBps = a.allocatedBps;
        for (int i = 0; i < t; i++) {
            int option = a.layer[i];
            int preferred = a.preferred[i];
            videoConsumers[i].applyAllocation(option >= 0 ? optionQuality[i * OPTIONS + option] : option,
                    preferred >= 0 ? Quality.spatial(optionQuality[i * OPTIONS + preferred]) : -1,
                    a.bandwidthLimited[i], nowNanos);
            videoConsumers[i] = null;
        }
    }

    /**
     * Options of a track sent as one stream per spatial layer (simulcast, or a single encoding): the lowest active
     * layer at each of its frame rates, each higher one at the highest frame rate within the subscriber's limit.
     */
    private int streamOptions(BandwidthAllocator a, int t, Producer p, long nowNanos) {
        int n = 0;
        int lowest = -1;
        int maxFrameRate = a.maxFrameRate[t];
        for (int l = 0; l < p.layers.length; l++) {
            ProducerLayer layer = p.layers[l];
            boolean sent = layer.isActive(nowNanos);
            // Stopped because nobody wanted it (perhaps before it was ever seen): it can be turned back on.
            boolean stoppedByUs = p.simulcast && (p.reportedLayerMask & (1 << l)) == 0;
            boolean active = sent || stoppedByUs;
            long bps = sent ? layer.peakBitrateBps() : layer.bitrateWhenActiveBps;
            int temporalLayers = layer.rates.temporalLayers(0);
            boolean isLowest = active && lowest < 0;
            if (isLowest) lowest = l;
            int first = isLowest ? 0 : topTemporal(layer.rates, 0, temporalLayers, maxFrameRate);
            int last = isLowest ? temporalLayers - 1 : first;
            for (int tid = first; tid <= last; tid++) {
                int at = t * a.layersPerTrack + n;
                a.active[at] = active;
                a.lowestSpatial[at] = isLowest;
                a.heightLines[at] = heightOf(p, l);
                a.bitrateBps[at] = (long) (bps * layer.rates.share(0, false, tid));
                a.frameRate[at] = layer.rates.frameRate(0, tid);
                optionQuality[t * OPTIONS + n] = Quality.of(l, temporalTarget(layer.rates, 0, tid, temporalLayers,
                        maxFrameRate));
                n++;
            }
        }
        return n;
    }

    /** Options of an SVC track: spatial layers inside its one stream, the lowest at each of its frame rates. */
    private int svcOptions(BandwidthAllocator a, int t, Producer p, long nowNanos) {
        ProducerLayer stream = p.layers[0];
        LayerRates rates = stream.rates;
        boolean sent = stream.isActive(nowNanos);
        long bps = sent ? stream.peakBitrateBps() : stream.bitrateWhenActiveBps;
        int n = 0;
        int spatialLayers = rates.spatialLayers();
        for (int sid = 0; sid < spatialLayers; sid++) {
            int temporalLayers = rates.temporalLayers(sid);
            int first = sid == 0 ? 0 : topTemporal(rates, sid, temporalLayers, a.maxFrameRate[t]);
            int last = sid == 0 ? temporalLayers - 1 : first;
            for (int tid = first; tid <= last; tid++) {
                int at = t * a.layersPerTrack + n;
                a.active[at] = sent;
                a.lowestSpatial[at] = sid == 0;
                a.heightLines[at] = p.svcHeightLines[sid];
                a.bitrateBps[at] = (long) (bps * rates.share(sid, p.independentSpatialLayers, tid));
                a.frameRate[at] = rates.frameRate(sid, tid);
                optionQuality[t * OPTIONS + n] = Quality.of(sid, temporalTarget(rates, sid, tid, temporalLayers,
                        a.maxFrameRate[t]));
                n++;
            }
        }
        return n;
    }

    /**
     * What the forwarder is told for an option at temporal layer {@code tid}: the top one seen within the limit means
     * every layer ({@link Forwarder#ALL_LAYERS}), so that a layer not measured yet (a stream that just started) is
     * not held back.
     */
    private static int temporalTarget(LayerRates rates, int sid, int tid, int temporalLayers, int maxFrameRate) {
        if (tid < temporalLayers - 1) return tid;
        return BandwidthAllocator.withinFrameRate(rates.frameRate(sid, tid), maxFrameRate) ? Forwarder.ALL_LAYERS : tid;
    }

    /** The highest temporal layer of a spatial layer whose frame rate is within the limit (0 if none is). */
    private static int topTemporal(LayerRates rates, int sid, int temporalLayers, int maxFrameRate) {
        if (maxFrameRate == ConsumerPreferences.NO_LIMIT) return temporalLayers - 1;
        for (int tid = temporalLayers - 1; tid > 0; tid--) {
            if (BandwidthAllocator.withinFrameRate(rates.frameRate(sid, tid), maxFrameRate)) return tid;
        }
        return 0;
    }

    /** The best option whose quality is at most {@code quality} (what the subscriber has now), or -1. */
    private int optionAtOrBelow(int t, int options, int quality) {
        int best = -1;
        for (int o = 0; o < options; o++) {
            if (optionQuality[t * OPTIONS + o] <= quality) best = o;
        }
        return best;
    }
}

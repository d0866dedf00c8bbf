package io.patchbay.media.forward;

/**
 * Shares one subscriber's bandwidth estimate among the video tracks it receives (in the spirit of Jitsi Videobridge's
 * BandwidthAllocator and LiveKit's StreamAllocator). Pure and allocation-free: the caller fills the arrays of an
 * instance it keeps per subscriber, calls {@link #allocate}, and reads {@link #layer}.
 *
 * <p>Each track offers a list of options, cheapest first (the caller builds it: the lowest spatial layer at each of its
 * frame rates, then each higher spatial layer at its full frame rate, see {@link SubscriberAllocation}); "layer" below
 * means an index into that list, and "lowest" its first active entry.
 *
 * <ol>
 *   <li>Media may fill {@link #UTILIZATION} of the estimate. Audio is never paused:
 *       {@link BitrateCapPolicy#AUDIO_TRACK_BPS} per audio track comes off that first.</li>
 *   <li>In priority order (higher first: screen share, active speaker, the others by how recently they spoke), each
 *       track gets its lowest active layer while the budget lasts (the first track its lowest spatial layer at full
 *       frame rate, see {@link #fullFrameRateFloor}); a simulcast track that cannot get even that is
 *       paused ({@link #PAUSED}), so the ones before it stay smooth. Never the first track: without probing, the
 *       estimate grows only while something flows, so one track always does and paused ones resume as it grows.
 *       A track without simulcast is never paused (its publisher is capped with REMB instead); it costs what it
 *       measures.</li>
 *   <li>Again in priority order, each track goes up as far as its height limit and the remaining budget allow, one
 *       layer at a time. Going above the layer a track has now needs the step to fit in {@link #UPGRADE_HEADROOM} of
 *       what is left, so an estimate that hovers around a layer's bitrate does not flap between layers.</li>
 * </ol>
 * Layer bitrates are measured; an unmeasured (0) layer costs nothing. Without an estimate, every track gets its
 * highest layer within its height limit.
 */
final class BandwidthAllocator {
    static final int PAUSED = -2;
    static final long UNKNOWN_ESTIMATE = -1;
    /** An upgrade must fit in this share of the remaining budget. */
    static final double UPGRADE_HEADROOM = 5.0 / 6.0;
    /**
     * The share of the estimate media may fill: encoders overshoot their average (keyframes), probes and
     * retransmissions need room, and a link filled to its estimate queues and loses.
     */
    static final double UTILIZATION = 0.85;

    final int capacity;
    final int layersPerTrack;
    // Inputs, per track.
    int tracks;
    final int[] priority;
    final int[] maxHeight;
    /** The highest frame rate the subscriber wants, or {@link ConsumerPreferences#NO_LIMIT}. */
    final int[] maxFrameRate;
    /** Simulcast or SVC: the track can be paused; a single encoding is capped by REMB instead. */
    final boolean[] pausable;
    /** The layer each track has now (target), or -1 / {@link #PAUSED}. */
    final int[] currentLayer;
    /** The track went down a layer moments ago: it may not go above {@link #currentLayer} yet (no flapping). */
    final boolean[] holdUpgrade;
    /** [track * layersPerTrack + layer]. */
    final int[] heightLines;
    /** Frames per second of the option, 0 while unmeasured. */
    final double[] frameRate;
    /** The option is of the track's lowest spatial layer (an unknown height fits any limit there). */
    final boolean[] lowestSpatial;
    final long[] bitrateBps;
    final boolean[] active;
    final int[] layerCount;
    // Output, per track.
    final int[] layer;
    /** The highest layer within the subscriber's limits, whatever the budget: what it would take with room. */
    final int[] preferred;
    /** The track got less than its height limit allows: bandwidth, not the subscriber's wish, decided. */
    final boolean[] bandwidthLimited;
    /**
     * What the subscriber would need to take what it wants (each track's tallest allowed layer, audio), in bps, with
     * the climb from what it gets counted with the upgrade headroom: the estimate must reach this before every
     * track can go up, so it is what a probe has to show.
     */
    long wantedBps;
    /** What the allocation gives it, in bps (measured bitrates of the chosen layers, audio). */
    long allocatedBps;
    private final int[] order;

    BandwidthAllocator(int capacity, int layersPerTrack) {
        this.capacity = capacity;
        this.layersPerTrack = layersPerTrack;
        priority = new int[capacity];
        maxHeight = new int[capacity];
        maxFrameRate = new int[capacity];
        pausable = new boolean[capacity];
        currentLayer = new int[capacity];
        holdUpgrade = new boolean[capacity];
        heightLines = new int[capacity * layersPerTrack];
        frameRate = new double[capacity * layersPerTrack];
        lowestSpatial = new boolean[capacity * layersPerTrack];
        bitrateBps = new long[capacity * layersPerTrack];
        active = new boolean[capacity * layersPerTrack];
        layerCount = new int[capacity];
        layer = new int[capacity];
        preferred = new int[capacity];
        bandwidthLimited = new boolean[capacity];
        order = new int[capacity];
    }

    /**
     * @param estimateBps the subscriber's bandwidth estimate, or {@link #UNKNOWN_ESTIMATE}
     * @param audioTracks audio tracks it receives
     */
    void allocate(long estimateBps, int audioTracks) {
        sortByPriority();
        long audioBps = BitrateCapPolicy.AUDIO_TRACK_BPS * audioTracks;
        long topBps = 0;
        for (int t = 0; t < tracks; t++) {
            int top = highestAllowed(t);
            preferred[t] = top;
            if (top >= 0) topBps += bitrateBps[t * layersPerTrack + top];
        }
        wantedBps = audioBps + topBps;
        if (estimateBps == UNKNOWN_ESTIMATE) {
            for (int t = 0; t < tracks; t++) {
                layer[t] = highestAllowed(t);
                bandwidthLimited[t] = false;
            }
            allocatedBps = wantedBps;
            return;
        }
        long budget = (long) (estimateBps * UTILIZATION) - audioBps;
        for (int i = 0; i < tracks; i++) {
            int t = order[i];
            int lowest = i == 0 ? fullFrameRateFloor(t) : lowestActive(t);
            layer[t] = lowest;
            if (lowest < 0) continue; // nothing being sent: nothing to pay for, nothing to pause
            long cost = bitrateBps[t * layersPerTrack + lowest];
            if (cost > budget && i > 0 && pausable[t]) {
                layer[t] = PAUSED;
            } else {
                budget -= cost;
            }
        }
        for (int i = 0; i < tracks; i++) {
            int t = order[i];
            if (layer[t] < 0) continue;
            int ceiling = Math.max(layer[t], highestAllowed(t));
            for (int next = layer[t] + 1; next <= ceiling; next++) {
                if (!active[t * layersPerTrack + next]) continue;
                long step = bitrateBps[t * layersPerTrack + next] - bitrateBps[t * layersPerTrack + layer[t]];
                if (next > currentLayer[t] && holdUpgrade[t]) break;
                long allowed = next > currentLayer[t] ? (long) (budget * UPGRADE_HEADROOM) : budget;
                if (step > allowed) break;
                budget -= step;
                layer[t] = next;
            }
        }
        allocatedBps = audioBps;
        for (int t = 0; t < tracks; t++) {
            if (layer[t] >= 0) allocatedBps += bitrateBps[t * layersPerTrack + layer[t]];
            bandwidthLimited[t] = layer[t] == PAUSED || layer[t] < highestAllowed(t);
        }
        long climbBps = Math.max(0, wantedBps - allocatedBps);
        wantedBps = (long) ((wantedBps - climbBps + climbBps / UPGRADE_HEADROOM) / UTILIZATION);
    }

    /**
     * The highest active layer within the track's height and frame rate limits (unknown heights fit only on the
     * lowest spatial layer, unmeasured frame rates fit), or -1. The lowest layer always fits.
     */
    private int highestAllowed(int t) {
        int lowest = lowestActive(t);
        int best = lowest;
        for (int l = 0; l < layerCount[t]; l++) {
            int at = t * layersPerTrack + l;
            if (!active[at]) continue;
            boolean heightFits = maxHeight[t] == ConsumerPreferences.NO_LIMIT
                    || (heightLines[at] > 0 ? heightLines[at] <= maxHeight[t] : lowestSpatial[at]);
            if (heightFits && frameRateFits(t, at)) best = l;
        }
        return best;
    }

    private boolean frameRateFits(int t, int at) {
        return withinFrameRate(frameRate[at], maxFrameRate[t]);
    }

    /** Within the limit, with room for a measured rate that wobbles around the encoder's (7.5, 15, 30 fps). */
    static boolean withinFrameRate(double frameRate, int maxFrameRate) {
        return maxFrameRate == ConsumerPreferences.NO_LIMIT || frameRate <= maxFrameRate * 1.15 + 0.5;
    }

    /**
     * The first track's floor: its lowest spatial layer at the highest frame rate within the subscriber's limit. Its
     * frame rate is not cut for bandwidth: what flows is what the estimate grows from, and a lower rate would feed a
     * lower estimate. The tracks after it go down to their lowest frame rate before they are paused.
     */
    private int fullFrameRateFloor(int t) {
        int floor = lowestActive(t);
        for (int l = floor + 1; floor >= 0 && l < layerCount[t]; l++) {
            int at = t * layersPerTrack + l;
            if (!lowestSpatial[at]) break;
            if (active[at] && frameRateFits(t, at)) floor = l;
        }
        return floor;
    }

    private int lowestActive(int t) {
        for (int l = 0; l < layerCount[t]; l++) {
            if (active[t * layersPerTrack + l]) return l;
        }
        return -1;
    }

    /** Insertion sort of track indexes by priority, highest first, stable (a handful of tracks per subscriber). */
    private void sortByPriority() {
        for (int i = 0; i < tracks; i++) {
            int t = i;
            int j = i - 1;
            while (j >= 0 && priority[order[j]] < priority[t]) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = t;
        }
    }
}

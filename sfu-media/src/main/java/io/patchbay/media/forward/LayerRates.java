package io.patchbay.media.forward;

/**
 * What one RTP stream carries per spatial (SVC) and temporal layer: bytes and frames over the last second, so that
 * the allocator knows what each frame rate and resolution inside the stream costs and how many frames per second it
 * gives. A stream without layer information counts everything as spatial 0, temporal 0. Media-thread only,
 * allocation-free.
 */
final class LayerRates {
    static final int MAX_SPATIAL = 4;
    static final int MAX_TEMPORAL = 8;
    private static final int CELLS = MAX_SPATIAL * MAX_TEMPORAL;

    private final long[] bytes = new long[CELLS];
    private final int[] frames = new int[CELLS];
    private final long[] lastBytes = new long[CELLS];
    private final int[] lastFrames = new int[CELLS];
    private long windowStartNanos = Long.MIN_VALUE;
    private long lastWindowNanos;
    private long lastTotalBytes;

    /**
     * One packet of spatial layer {@code sid} (or -1), temporal layer {@code tid} (or -1); {@code frameStart}: it
     * starts a frame of its layer.
     */
    void onPacket(int sid, int tid, int length, boolean frameStart) {
        int at = cell(sid, tid);
        bytes[at] += length;
        if (frameStart) frames[at]++;
    }

    /** Closes the current window (about once a second). */
    void sample(long nowNanos) {
        if (windowStartNanos == Long.MIN_VALUE) {
            windowStartNanos = nowNanos;
            java.util.Arrays.fill(bytes, 0);
            java.util.Arrays.fill(frames, 0);
            return;
        }
        lastWindowNanos = nowNanos - windowStartNanos;
        windowStartNanos = nowNanos;
        lastTotalBytes = 0;
        for (int i = 0; i < CELLS; i++) {
            lastBytes[i] = bytes[i];
            lastFrames[i] = frames[i];
            lastTotalBytes += bytes[i];
            bytes[i] = 0;
            frames[i] = 0;
        }
    }

    /** Temporal layers seen in spatial layer {@code sid} during the last window (at least 1). */
    int temporalLayers(int sid) {
        int s = clampSpatial(sid);
        for (int t = MAX_TEMPORAL - 1; t > 0; t--) {
            if (lastBytes[s * MAX_TEMPORAL + t] > 0) return t + 1;
        }
        return 1;
    }

    /** Spatial layers seen during the last window (at least 1). */
    int spatialLayers() {
        for (int s = MAX_SPATIAL - 1; s > 0; s--) {
            for (int t = 0; t < MAX_TEMPORAL; t++) {
                if (lastBytes[s * MAX_TEMPORAL + t] > 0) return s + 1;
            }
        }
        return 1;
    }

    /**
     * The share of the stream's bytes a subscriber receives at spatial layer {@code sid} and temporal layer
     * {@code tid}: its layer alone ({@code ownLayerOnly}, K-SVC) or with the layers below, up to {@code tid}. 1 when
     * nothing was measured.
     */
    double share(int sid, boolean ownLayerOnly, int tid) {
        if (lastTotalBytes == 0) return 1;
        long taken = 0;
        for (int s = ownLayerOnly ? sid : 0; s <= sid && s < MAX_SPATIAL; s++) {
            for (int t = 0; t <= tid && t < MAX_TEMPORAL; t++) taken += lastBytes[s * MAX_TEMPORAL + t];
        }
        return (double) taken / lastTotalBytes;
    }

    /** Frames per second of spatial layer {@code sid} with temporal layers up to {@code tid}; 0 when unmeasured. */
    double frameRate(int sid, int tid) {
        if (lastWindowNanos <= 0) return 0;
        int s = clampSpatial(sid);
        long n = 0;
        for (int t = 0; t <= tid && t < MAX_TEMPORAL; t++) n += lastFrames[s * MAX_TEMPORAL + t];
        return n * 1e9 / lastWindowNanos;
    }

    private static int cell(int sid, int tid) {
        return clampSpatial(sid) * MAX_TEMPORAL + Math.max(0, Math.min(tid, MAX_TEMPORAL - 1));
    }

    private static int clampSpatial(int sid) {
        return Math.max(0, Math.min(sid, MAX_SPATIAL - 1));
    }
}

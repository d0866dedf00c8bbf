package io.patchbay.media.forward;

/**
 * Chooses the simulcast layer a subscriber should receive. Pure: the caller passes what it knows of each layer
 * (lowest first) and the subscriber's limits.
 *
 * <p>The answer is the highest active layer whose picture is at most {@code maxHeight} lines and whose bitrate fits
 * {@code budgetBps}; when none fits, the lowest active layer (a small picture beats none; pausing a track the
 * subscriber cannot afford at all is the allocator's call). A layer whose height is not known yet fits a height
 * limit only if it is the lowest active one. With no active layer the current choice stands ({@link #KEEP}).
 */
final class LayerSelector {
    static final int KEEP = -1;

    private LayerSelector() {
    }

    /**
     * @param heightLines height of each layer from its keyframes, 0 if unknown
     * @param bitrateBps  each layer's measured bitrate, 0 if unknown (fits any budget)
     * @param active      whether each layer is being received
     * @param count       number of layers
     * @param maxHeight   the subscriber's limit in lines ({@link ConsumerPreferences#NO_LIMIT} for none)
     * @param budgetBps   what the subscriber can take for this track ({@code Long.MAX_VALUE} for no limit)
     */
    static int select(int[] heightLines, long[] bitrateBps, boolean[] active, int count, int maxHeight,
                      long budgetBps) {
        int lowestActive = KEEP;
        int best = KEEP;
        for (int i = 0; i < count; i++) {
            if (!active[i]) continue;
            if (lowestActive == KEEP) lowestActive = i;
            boolean heightFits = maxHeight == ConsumerPreferences.NO_LIMIT
                    || (heightLines[i] > 0 ? heightLines[i] <= maxHeight : i == lowestActive);
            boolean bitrateFits = bitrateBps[i] <= budgetBps;
            if (heightFits && bitrateFits) best = i;
        }
        return best != KEEP ? best : lowestActive;
    }
}

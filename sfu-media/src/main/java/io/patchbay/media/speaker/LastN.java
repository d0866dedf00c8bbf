package io.patchbay.media.speaker;

import java.util.Arrays;

/**
 * Last-N: which participants' video one subscriber receives. Pure; any thread.
 */
public final class LastN {
    private LastN() {
    }

    /**
     * The ids whose video to forward: the pinned ids first (in their order, duplicates once), then the ranking's ids
     * from the top that are not pinned, {@code n} of them. Pinned ids come in addition to the {@code n} (a subscriber
     * that pins someone keeps its N speakers as well) and are forwarded even when they are not in the ranking; {@code
     * n < 0} means the whole ranking, {@code n == 0} only the pinned ids.
     *
     * @param ranking     ids, most relevant first, as from {@link DominantSpeakerDetector#ranking(int[])}
     * @param rankingSize how many leading entries of {@code ranking} are valid (its ids are distinct)
     */
    public static int[] select(int[] ranking, int rankingSize, int[] pinned, int n) {
        int[] out = new int[pinned.length + (n < 0 ? rankingSize : Math.min(n, rankingSize))];
        int count = 0;
        for (int id : pinned) {
            if (!contains(out, count, id)) {
                out[count++] = id;
            }
        }
        int pinnedCount = count;
        for (int i = 0; i < rankingSize && count < out.length && (n < 0 || count - pinnedCount < n); i++) {
            if (!contains(pinned, pinned.length, ranking[i])) {
                out[count++] = ranking[i];
            }
        }
        return count == out.length ? out : Arrays.copyOf(out, count);
    }

    private static boolean contains(int[] ids, int count, int id) {
        for (int i = 0; i < count; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }
}

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
     * from the top, until there are {@code n}. Pinned ids count toward {@code n} and are forwarded even when they are
     * not in the ranking (a participant without audio can be pinned); {@code n < 0} means no limit, {@code n == 0}
     * forwards nothing.
     *
     * @param ranking     ids, most relevant first, as from {@link DominantSpeakerDetector#ranking(int[])}
     * @param rankingSize how many leading entries of {@code ranking} are valid
     */
    public static int[] select(int[] ranking, int rankingSize, int[] pinned, int n) {
        int limit = n < 0 ? Integer.MAX_VALUE : n;
        int[] out = new int[Math.min(limit, pinned.length + rankingSize)];
        int count = 0;
        for (int i = 0; i < pinned.length && count < out.length; i++) {
            if (!contains(out, count, pinned[i])) {
                out[count++] = pinned[i];
            }
        }
        for (int i = 0; i < rankingSize && count < out.length; i++) {
            if (!contains(pinned, pinned.length, ranking[i])) { // ranking ids are distinct
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

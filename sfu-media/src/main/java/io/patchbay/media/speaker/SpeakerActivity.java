package io.patchbay.media.speaker;

import java.util.Arrays;

/**
 * The recent voice activity of one speaker: a ring of 20 ms bins over the long window and running counts of active
 * bins over the immediate, medium and long windows (see {@link DominantSpeakerDetector} for the sizes). Fixed memory
 * ({@value #LONG_BINS} bytes of bins); {@link #onLevel} and {@link #advanceTo} are O(1) amortized and at most
 * {@value #LONG_BINS} steps after a gap, and allocate nothing.
 *
 * <p>A bin holds the loudness of the loudest active packet in it ({@code 128 - level}, so 1..128), or 0 when nothing
 * active arrived; two packets in one bin count once. Bins are counted from a caller-chosen clock in nanoseconds; when
 * the clock goes backwards the current bin is re-anchored to the earlier time instead of rewinding, so the counts
 * stay consistent and later time simply advances from there.
 *
 * <p>Not thread-safe: owned by the room's media thread, like its detector.
 */
final class SpeakerActivity {
    static final long BIN_NANOS = 20_000_000L;
    static final int IMMEDIATE_BINS = 15;
    static final int MEDIUM_BINS = 50;
    static final int LONG_BINS = 150;
    static final long NEVER = Long.MIN_VALUE;

    final int id;
    private final byte[] bins = new byte[LONG_BINS];
    private int head;
    private long currentBin;
    private boolean started;
    private int immediate;
    private int medium;
    private int longTerm;
    /** Sum of the loudness of the active bins in the medium window. */
    private int mediumLoudness;
    /** The detector's evaluation count when the speaker last was speaking, or {@link #NEVER}. */
    long lastSpokeEvaluation = NEVER;

    SpeakerActivity(int id) {
        this.id = id;
    }

    /** Records one packet's loudness (1..128, higher is louder) or 0 for a packet that is not speech. */
    void onLevel(int loudness, long nowNanos) {
        advanceTo(nowNanos);
        int old = bins[head] & 0xFF;
        if (loudness <= old) {
            return;
        }
        bins[head] = (byte) loudness;
        if (old == 0) {
            immediate++;
            medium++;
            longTerm++;
        }
        mediumLoudness += loudness - old;
    }

    /** Moves the current bin to the one holding {@code nowNanos}, emptying the bins skipped over. */
    void advanceTo(long nowNanos) {
        long bin = Math.floorDiv(nowNanos, BIN_NANOS);
        if (!started || bin <= currentBin) {
            started = true;
            currentBin = bin; // first call, same bin, or the clock went back: re-anchor, keep the counts
            return;
        }
        long steps = bin - currentBin;
        currentBin = bin;
        if (steps >= LONG_BINS) {
            clear();
            return;
        }
        for (int i = 0; i < steps; i++) {
            head = head + 1 == LONG_BINS ? 0 : head + 1;
            // The bin now leaving each window; the long window's is the one being overwritten.
            if (bins[index(IMMEDIATE_BINS)] != 0) {
                immediate--;
            }
            int leavingMedium = bins[index(MEDIUM_BINS)] & 0xFF;
            if (leavingMedium != 0) {
                medium--;
                mediumLoudness -= leavingMedium;
            }
            if (bins[head] != 0) {
                longTerm--;
            }
            bins[head] = 0;
        }
    }

    private int index(int binsBack) {
        int i = head - binsBack;
        return i < 0 ? i + LONG_BINS : i;
    }

    private void clear() {
        Arrays.fill(bins, (byte) 0);
        immediate = 0;
        medium = 0;
        longTerm = 0;
        mediumLoudness = 0;
    }

    /** Active 20 ms bins in the last {@value #IMMEDIATE_BINS}. */
    int immediate() {
        return immediate;
    }

    /** Active 20 ms bins in the last {@value #MEDIUM_BINS}. */
    int medium() {
        return medium;
    }

    /** Active 20 ms bins in the last {@value #LONG_BINS}. */
    int longTerm() {
        return longTerm;
    }

    int mediumLoudness() {
        return mediumLoudness;
    }
}

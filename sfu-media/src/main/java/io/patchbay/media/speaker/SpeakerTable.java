package io.patchbay.media.speaker;

/**
 * Speakers by their caller-assigned id: an open-addressing hash table with linear probing and backward-shift
 * deletion, so a lookup is O(1), boxes nothing and allocates nothing. Capacity is fixed at construction.
 *
 * <p>Not thread-safe: owned by the room's media thread, like its detector.
 */
final class SpeakerTable {
    private final int[] keys;
    private final SpeakerActivity[] values;
    private final int mask;
    private final int maxSize;
    private int size;

    SpeakerTable(int maxSize) {
        this.maxSize = maxSize;
        int capacity = Integer.highestOneBit(Math.max(2, maxSize) * 2 - 1) << 1; // power of two, load <= 1/2
        keys = new int[capacity];
        values = new SpeakerActivity[capacity];
        mask = capacity - 1;
    }

    SpeakerActivity get(int id) {
        for (int i = slot(id); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == id) {
                return values[i];
            }
        }
        return null;
    }

    /** Adds a speaker whose id is not in the table yet; false when the table is full. */
    boolean put(SpeakerActivity speaker) {
        if (size == maxSize) {
            return false;
        }
        int i = slot(speaker.id);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = speaker.id;
        values[i] = speaker;
        size++;
        return true;
    }

    /** Removes and returns the speaker with this id, or null. */
    SpeakerActivity remove(int id) {
        int i = slot(id);
        while (values[i] != null && keys[i] != id) {
            i = (i + 1) & mask;
        }
        SpeakerActivity removed = values[i];
        if (removed == null) {
            return null;
        }
        // Backward shift: move later entries of the probe run into the hole when their home slot allows it.
        int hole = i;
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            boolean homeAfterHole = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!homeAfterHole) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
        size--;
        return removed;
    }

    int size() {
        return size;
    }

    private int slot(int id) {
        int h = id * 0x9E3779B9; // Fibonacci hashing spreads consecutive ids
        return (h ^ (h >>> 16)) & mask;
    }
}

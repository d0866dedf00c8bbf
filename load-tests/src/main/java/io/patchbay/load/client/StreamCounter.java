package io.patchbay.load.client;

/**
 * Receive counters of one SSRC at a sink: packets and the extended highest sequence number (RFC 3550
 * appendix A.1), so that loss over a window is (highest-sequence advance) - (packets received). Written by one
 * receive-loop thread; read (racy but monotonic) by the step measurement.
 */
final class StreamCounter {
    final int ssrc;
    private volatile long received;
    private volatile long extendedHighest = -1;
    private long sampleCountdown;
    /** Whether a keyframe was seen on this stream (receive-loop thread; only when keyframes are watched). */
    boolean keyframeSeen;
    /** While waiting for a keyframe: when the next PLI may go (receive-loop thread). */
    long nextPliNanos;

    /** Layer tracking (receive-loop thread): the RTP timestamp of the last packet, to find each frame's first. */
    int lastTs;
    boolean tsSeen;
    /** Heights of the keyframes seen (up to {@value #HEIGHT_SLOTS}), the packets received since each, and the last. */
    static final int HEIGHT_SLOTS = 4;
    private final int[] heights = new int[HEIGHT_SLOTS];
    private final long[] packetsAtHeight = new long[HEIGHT_SLOTS];
    private int heightSlots;
    private volatile int currentSlot = -1;

    StreamCounter(int ssrc) {
        this.ssrc = ssrc;
    }

    /** Counts one packet; returns whether this packet should be authenticated and timed (1 in {@code sampleEvery}). */
    boolean onPacket(int seq, int sampleEvery) {
        long highest = extendedHighest;
        if (highest < 0) {
            extendedHighest = seq;
        } else {
            int delta = (short) (seq - (int) (highest & 0xFFFF)); // signed 16-bit distance
            if (delta > 0) extendedHighest = highest + delta;
        }
        received++;
        if (--sampleCountdown <= 0) {
            sampleCountdown = sampleEvery;
            return true;
        }
        return false;
    }

    /** A keyframe of {@code height} lines arrived: the packets from this one on count for that height. */
    void onKeyframeHeight(int height) {
        for (int i = 0; i < heightSlots; i++) {
            if (heights[i] == height) {
                currentSlot = i;
                return;
            }
        }
        if (heightSlots < HEIGHT_SLOTS) {
            heights[heightSlots] = height;
            currentSlot = heightSlots++;
        }
    }

    /** Counts one packet for the height of the last keyframe (none before the first keyframe). */
    void countAtHeight() {
        int slot = currentSlot;
        if (slot >= 0) packetsAtHeight[slot]++;
    }

    /** Height of the last keyframe, or -1 before the first. */
    int lastKeyframeHeight() {
        int slot = currentSlot;
        return slot < 0 ? -1 : heights[slot];
    }

    /** Adds packets per keyframe height to {@code into} (racy read of the receive loop's counts). */
    void addPacketsByHeight(java.util.Map<Integer, Long> into) {
        int n = heightSlots;
        for (int i = 0; i < n; i++) into.merge(heights[i], packetsAtHeight[i], Long::sum);
    }

    long received() {
        return received;
    }

    long extendedHighest() {
        return extendedHighest;
    }
}

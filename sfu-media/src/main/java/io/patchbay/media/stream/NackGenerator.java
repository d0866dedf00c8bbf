package io.patchbay.media.stream;

import java.util.Arrays;

/**
 * Decides which packets of one incoming (publisher) stream to NACK (RFC 4585 section 6.2.1), after libwebrtc's
 * {@code NackRequester} and mediasoup's {@code NackGenerator}. Fed every received packet's extended sequence number
 * (from a {@link io.patchbay.media.packet.SequenceNumberUnwrapper}), it keeps the sorted list of missing sequence
 * numbers; {@link #collect} says which to request now.
 *
 * <p>Timing of the requests for one missing packet:
 * <ol>
 *   <li>first request once it has been missing for the reordering delay (default 10 ms, 0 for at once): a packet
 *       merely reordered by the network arrives within it and is never requested;</li>
 *   <li>then again each time one retry interval has passed since the last request: the RTT given to
 *       {@link #collect} ({@link #DEFAULT_RTT_NANOS} when not positive), at least {@link #MIN_RETRY_INTERVAL_NANOS};
 *       </li>
 *   <li>after {@code maxRequests} requests (default 10, libwebrtc's {@code kMaxNackRetries}) and one more retry
 *       interval without the packet, it is dropped from the list and counted as abandoned (the caller may request a
 *       keyframe).</li>
 * </ol>
 * A packet that arrives late (reordered or retransmitted) removes its entry. Call {@link #collect} from a timer every
 * 10 to 20 ms (and, if wanted, after each received batch).
 *
 * <p>The list is bounded: entries more than {@link #MAX_PACKET_AGE} sequence numbers behind the newest are dropped; a
 * new gap that would overflow {@code maxMissing} (default 1000) first drops the entries older than the oldest
 * recorded keyframe start, one keyframe at a time; if that is not enough, the list is cleared and
 * {@link Result#KEYFRAME_NEEDED} returned. When a new keyframe starts, entries older than it that have been missing
 * for more than {@code staleBeforeKeyframeNanos} (default 500 ms) are dropped: the decoder can start over from the
 * keyframe.
 *
 * <p>Not thread-safe: owned by the media thread of the room. Allocation-free after construction.
 */
public final class NackGenerator {
    public static final int DEFAULT_MAX_MISSING = 1000;
    public static final int DEFAULT_MAX_REQUESTS = 10;
    public static final long DEFAULT_REORDER_DELAY_NANOS = 10_000_000L;
    public static final long DEFAULT_STALE_BEFORE_KEYFRAME_NANOS = 500_000_000L;
    /** RTT assumed while none is known. */
    public static final long DEFAULT_RTT_NANOS = 100_000_000L;
    /** Shortest time between two requests for the same packet, however small the RTT. */
    public static final long MIN_RETRY_INTERVAL_NANOS = 20_000_000L;
    /** Entries (and keyframe marks) this many sequence numbers behind the newest are forgotten. */
    public static final int MAX_PACKET_AGE = 10_000;

    private static final int KEYFRAME_CAPACITY = 64;
    private static final int RECOVERED_CAPACITY = 1024;

    /** What {@link #onPacket} found. */
    public enum Result {
        /** In order, a new gap recorded, a duplicate, or too old to matter. */
        NONE,
        /** A packet that was in the missing list arrived (late or retransmitted); its entry is gone. */
        FILLED_GAP,
        /** The gap was too large to track: the list was cleared and the caller should request a keyframe. */
        KEYFRAME_NEEDED
    }

    private final int maxMissing;
    private final int maxRequests;
    private final long reorderDelayNanos;
    private final long staleBeforeKeyframeNanos;

    // Missing packets, ascending by sequence number: [0, count).
    private final long[] missingSeqs;
    private final long[] detectedAtNanos;
    private final long[] lastRequestNanos;
    private final int[] requests;
    private int count;

    // Starts of keyframes, ascending, in a ring: [kfHead, kfHead + kfCount).
    private final long[] keyframes = new long[KEYFRAME_CAPACITY];
    private int kfHead;
    private int kfCount;
    /** Last packet flagged as keyframe, to merge a run of flagged packets into one keyframe start. */
    private long lastKeyframeSeq = Long.MIN_VALUE;

    // Packets recovered (RTX or FEC) ahead of the newest sequence number: direct-mapped by sequence number.
    private final long[] recovered = new long[RECOVERED_CAPACITY];

    private boolean started;
    private long newest;

    private long requestsSent;
    private long abandoned;
    private int abandonedInLastCollect;
    private long filledGaps;
    private long keyframesNeeded;

    /** A generator with the defaults above. */
    public NackGenerator() {
        this(DEFAULT_MAX_MISSING, DEFAULT_MAX_REQUESTS, DEFAULT_REORDER_DELAY_NANOS,
                DEFAULT_STALE_BEFORE_KEYFRAME_NANOS);
    }

    /**
     * @param maxMissing most entries in the missing list, 1..{@link #MAX_PACKET_AGE}
     * @param maxRequests how many times one packet is requested, at least 1
     * @param reorderDelayNanos how long a packet must be missing before its first request, 0 or more
     * @param staleBeforeKeyframeNanos how long an entry older than a new keyframe may have been missing before that
     *     keyframe drops it; {@link Long#MAX_VALUE} to never drop on keyframes
     */
    public NackGenerator(int maxMissing, int maxRequests, long reorderDelayNanos, long staleBeforeKeyframeNanos) {
        if (maxMissing < 1 || maxMissing > MAX_PACKET_AGE) {
            throw new IllegalArgumentException("maxMissing must be in 1.." + MAX_PACKET_AGE);
        }
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be at least 1");
        }
        if (reorderDelayNanos < 0 || staleBeforeKeyframeNanos < 0) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        this.maxMissing = maxMissing;
        this.maxRequests = maxRequests;
        this.reorderDelayNanos = reorderDelayNanos;
        this.staleBeforeKeyframeNanos = staleBeforeKeyframeNanos;
        this.missingSeqs = new long[maxMissing];
        this.detectedAtNanos = new long[maxMissing];
        this.lastRequestNanos = new long[maxMissing];
        this.requests = new int[maxMissing];
        Arrays.fill(recovered, Long.MIN_VALUE);
    }

    /**
     * Records a received packet.
     *
     * @param extSeq its extended sequence number
     * @param isKeyframe it is the first packet of a keyframe (flagging every packet of the keyframe also works: only
     *     the first of a run of consecutive flagged packets is remembered)
     * @param isRecovered it came through RTX or FEC recovery: a new one does not advance the newest sequence number
     *     (nothing is learned about the gap before it) but will not be requested when the gap is found
     */
    public Result onPacket(long extSeq, boolean isKeyframe, boolean isRecovered, long nowNanos) {
        if (!started) {
            started = true;
            newest = extSeq;
            if (isKeyframe) {
                addKeyframe(extSeq);
            }
            return Result.NONE;
        }
        if (extSeq == newest) {
            return Result.NONE;
        }
        if (extSeq < newest) {
            int index = Arrays.binarySearch(missingSeqs, 0, count, extSeq);
            if (index >= 0) {
                remove(index);
                filledGaps++;
                return Result.FILLED_GAP;
            }
            return Result.NONE;
        }
        if (isKeyframe) {
            addKeyframe(extSeq);
        }
        while (kfCount > 0 && keyframes[kfHead] < extSeq - MAX_PACKET_AGE) {
            popKeyframe();
        }
        if (isRecovered) {
            recovered[(int) extSeq & (RECOVERED_CAPACITY - 1)] = extSeq;
            return Result.NONE;
        }
        Result result = addMissing(newest + 1, extSeq, nowNanos);
        newest = extSeq;
        if (isKeyframe && result == Result.NONE) {
            dropStaleBefore(extSeq, nowNanos);
        }
        return result;
    }

    /**
     * Writes to {@code out} the 16-bit sequence numbers to request now, ascending in extended order (ready for
     * {@link io.patchbay.media.packet.rtcp.Nack#write}), and counts them as requested. Entries that did not fit in
     * {@code out} stay due for the next call. Entries past their last request are dropped here.
     *
     * @param rttNanos the current round-trip time estimate, or 0 when unknown
     * @return how many were written
     */
    public int collect(long nowNanos, long rttNanos, int[] out) {
        long retryInterval = Math.max(rttNanos > 0 ? rttNanos : DEFAULT_RTT_NANOS, MIN_RETRY_INTERVAL_NANOS);
        int written = 0;
        int kept = 0;
        abandonedInLastCollect = 0;
        for (int i = 0; i < count; i++) {
            int sent = requests[i];
            boolean due = sent == 0
                    ? nowNanos - detectedAtNanos[i] >= reorderDelayNanos
                    : nowNanos - lastRequestNanos[i] >= retryInterval;
            if (due && sent >= maxRequests) {
                abandoned++;
                abandonedInLastCollect++;
                continue; // dropped: not copied to the kept part
            }
            if (due && out != null && written < out.length) {
                out[written++] = (int) (missingSeqs[i] & 0xFFFF);
                requests[i] = sent + 1;
                lastRequestNanos[i] = nowNanos;
                requestsSent++;
            }
            if (kept != i) {
                missingSeqs[kept] = missingSeqs[i];
                detectedAtNanos[kept] = detectedAtNanos[i];
                lastRequestNanos[kept] = lastRequestNanos[i];
                requests[kept] = requests[i];
            }
            kept++;
        }
        count = kept;
        return written;
    }

    /** Entries in the missing list now. */
    public int missingCount() {
        return count;
    }

    /** True when {@code extSeq} is in the missing list. */
    public boolean isMissing(long extSeq) {
        return Arrays.binarySearch(missingSeqs, 0, count, extSeq) >= 0;
    }

    /** Highest extended sequence number received (recovered packets ahead of it not counted). */
    public long newest() {
        return newest;
    }

    /** Sequence numbers returned by {@link #collect} so far (one per request, retries included). */
    public long requestsSent() {
        return requestsSent;
    }

    /** Entries dropped after their last request went unanswered. */
    public long abandoned() {
        return abandoned;
    }

    /** Entries dropped that way by the last {@link #collect}. */
    public int abandonedInLastCollect() {
        return abandonedInLastCollect;
    }

    /** Late or retransmitted packets that removed their entry. */
    public long filledGaps() {
        return filledGaps;
    }

    /** Times {@link Result#KEYFRAME_NEEDED} was returned. */
    public long keyframesNeeded() {
        return keyframesNeeded;
    }

    /** Forgets everything (e.g. the publisher restarted the stream with a new SSRC). Counters are kept. */
    public void reset() {
        started = false;
        newest = 0;
        count = 0;
        kfHead = 0;
        kfCount = 0;
        lastKeyframeSeq = Long.MIN_VALUE;
        Arrays.fill(recovered, Long.MIN_VALUE);
    }

    /** Adds {@code [from, to)} to the missing list, making room as libwebrtc does. */
    private Result addMissing(long from, long to, long nowNanos) {
        int drop = lowerBound(to - MAX_PACKET_AGE);
        if (drop > 0) {
            removeFirst(drop);
        }
        long added = to - from;
        if (count + added > maxMissing) {
            while (count + added > maxMissing && removeUntilKeyframe()) {
                // each round drops the entries before the oldest useful keyframe
            }
            if (count + added > maxMissing) {
                count = 0;
                keyframesNeeded++;
                return Result.KEYFRAME_NEEDED;
            }
        }
        for (long seq = from; seq < to; seq++) {
            if (recovered[(int) seq & (RECOVERED_CAPACITY - 1)] == seq) {
                continue;
            }
            missingSeqs[count] = seq;
            detectedAtNanos[count] = nowNanos;
            lastRequestNanos[count] = 0;
            requests[count] = 0;
            count++;
        }
        return Result.NONE;
    }

    /** Drops the entries older than the oldest keyframe that has any; false when no keyframe helps. */
    private boolean removeUntilKeyframe() {
        while (kfCount > 0) {
            int before = lowerBound(keyframes[kfHead]);
            if (before > 0) {
                removeFirst(before);
                return true;
            }
            popKeyframe(); // older than every entry: useless
        }
        return false;
    }

    private void dropStaleBefore(long keyframeSeq, long nowNanos) {
        int n = 0;
        while (n < count && missingSeqs[n] < keyframeSeq
                && nowNanos - detectedAtNanos[n] > staleBeforeKeyframeNanos) {
            n++; // detection times grow with the sequence numbers, so the stale ones are a prefix
        }
        if (n > 0) {
            removeFirst(n);
        }
    }

    private void addKeyframe(long seq) {
        if (seq == lastKeyframeSeq + 1) {
            lastKeyframeSeq = seq; // the same keyframe continues: keep its start only
            return;
        }
        lastKeyframeSeq = seq;
        if (kfCount == KEYFRAME_CAPACITY) {
            popKeyframe();
        }
        keyframes[(kfHead + kfCount) & (KEYFRAME_CAPACITY - 1)] = seq;
        kfCount++;
    }

    private void popKeyframe() {
        kfHead = (kfHead + 1) & (KEYFRAME_CAPACITY - 1);
        kfCount--;
    }

    /** Index of the first entry not below {@code seq}. */
    private int lowerBound(long seq) {
        int index = Arrays.binarySearch(missingSeqs, 0, count, seq);
        return index >= 0 ? index : -index - 1;
    }

    private void remove(int index) {
        int tail = count - index - 1;
        if (tail > 0) {
            System.arraycopy(missingSeqs, index + 1, missingSeqs, index, tail);
            System.arraycopy(detectedAtNanos, index + 1, detectedAtNanos, index, tail);
            System.arraycopy(lastRequestNanos, index + 1, lastRequestNanos, index, tail);
            System.arraycopy(requests, index + 1, requests, index, tail);
        }
        count--;
    }

    private void removeFirst(int n) {
        int tail = count - n;
        if (tail > 0) {
            System.arraycopy(missingSeqs, n, missingSeqs, 0, tail);
            System.arraycopy(detectedAtNanos, n, detectedAtNanos, 0, tail);
            System.arraycopy(lastRequestNanos, n, lastRequestNanos, 0, tail);
            System.arraycopy(requests, n, requests, 0, tail);
        }
        count = tail;
    }
}

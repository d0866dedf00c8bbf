package io.patchbay.media.cc;

import io.patchbay.media.packet.SequenceNumberUnwrapper;
import io.patchbay.media.packet.rtcp.Twcc;
import java.util.Arrays;

/**
 * The receiving side of transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01): records
 * when each packet with a transport-wide sequence number arrived on a publisher transport and writes the TWCC feedback
 * packets that tell the sender, so its bandwidth estimator can see queuing delay and loss.
 *
 * <p>Window: the packets from the first not yet reported ({@code nextToReport}) up to the highest received are kept
 * in a ring of arrival times indexed by the unwrapped sequence number. The ring starts at 1024 entries and doubles on
 * demand up to {@link #MAX_WINDOW} (2^15), so a busy transport allocates a few times and then never again. If more
 * than that is outstanding because feedback was not written, the oldest statuses are dropped unreported. A packet more
 * than {@link #RESTART_DISTANCE} away from the highest sequence number (either way: a 16-bit jump of more than 32768
 * looks like a step back) restarts the recorder at that packet, and so do {@link #RESTART_LATE_STREAK} late packets
 * dropped in a row (a sender whose counter went back); the unreported window is discarded.
 *
 * <p>Reordering and duplicates: a late packet whose sequence number is still unreported simply fills its slot. A late
 * packet whose sequence number was already reported as lost, at most {@link #MAX_REWIND} before {@code nextToReport},
 * moves {@code nextToReport} back to it, so the next feedback reports it received (and repeats the statuses after it),
 * as libwebrtc's RemoteEstimatorProxy does; an older one is dropped. Duplicates keep the first arrival time.
 *
 * <p>Feedback: {@link #feedbackDue} is true every feedback interval (100 ms by default) while packets are pending, or
 * earlier when they might no longer fit one packet of the maximum length (1200 bytes by default). Each
 * {@link #writeFeedback} writes one packet starting at {@code nextToReport} (base sequence number), with the reference
 * time taken from the first received packet in it (floored to 64 ms) and every arrival rounded to 250 us from there. It
 * ends at the last received packet that fits the length budget and whose delta fits 16 bits; the rest is left for the
 * next call, so the caller drains with
 *
 * <pre>
 *   if (recorder.feedbackDue(now)) {
 *       for (int n; (n = recorder.writeFeedback(buf, 0, ourSsrc, mediaSsrc, now)) > 0; ) send(buf, n);
 *   }
 * </pre>
 *
 * <p>The arrival and "now" times must come from the same monotonic clock (e.g. {@link System#nanoTime()}), passed in
 * by the caller. {@code Long.MIN_VALUE} is reserved (it marks a missing packet).
 *
 * <p>Not thread-safe: one per publisher transport, owned and called only by that transport's media worker thread.
 * Allocation-free once the ring has grown to the transport's needs.
 */
public final class TwccRecorder {
    public static final long DEFAULT_FEEDBACK_INTERVAL_NANOS = 100_000_000L;
    /** Leaves room for IP, UDP, SRTCP trailer and other RTCP in a 1280-byte IPv6 minimum MTU. */
    public static final int DEFAULT_MAX_PACKET_LENGTH = 1200;
    /** Most sequence numbers kept, reported or not. */
    public static final int MAX_WINDOW = 1 << 15;
    /** A late packet at most this far before the first unreported one is reported again; older ones are dropped. */
    public static final int MAX_REWIND = 1 << 10;
    /** A packet further than this from the highest sequence number restarts the recorder. */
    public static final int RESTART_DISTANCE = 1 << 14;
    /** This many late packets dropped in a row restart the recorder at the last one. */
    public static final int RESTART_LATE_STREAK = 16;

    private static final int INITIAL_WINDOW = 1 << 10;
    private static final long MISSING = Long.MIN_VALUE;
    private static final long REFERENCE_TICK_NANOS = Twcc.REFERENCE_TICK_US * 1000L;
    private static final long DELTA_TICK_NANOS = Twcc.DELTA_TICK_US * 1000L;

    private final long feedbackIntervalNanos;
    private final int maxPacketLength;
    private final SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();

    /** Arrival time by unwrapped sequence number ({@code & mask}); valid for (highest - length, highest]. */
    private long[] arrivals;
    /** Receive deltas handed to {@link Twcc#write}; as long as {@link #arrivals}. */
    private int[] deltaTicks;
    private int mask;

    private boolean started;
    private long highest;
    private long nextToReport;
    /** Slots below this were lost when the ring grew; a late packet there is dropped. */
    private long oldestKnown;
    private long lastFeedbackNanos;
    private int feedbackCount;
    private int lateStreak;

    private long duplicates;
    private long lateDropped;
    private long evicted;
    private long restarts;

    /** A recorder with feedback every 100 ms and packets of at most 1200 bytes. */
    public TwccRecorder() {
        this(DEFAULT_FEEDBACK_INTERVAL_NANOS, DEFAULT_MAX_PACKET_LENGTH);
    }

    /**
     * @param feedbackIntervalNanos time between feedback packets while packets arrive (positive)
     * @param maxPacketLength most bytes of one feedback packet, at least {@link Twcc#MIN_LENGTH}
     */
    public TwccRecorder(long feedbackIntervalNanos, int maxPacketLength) {
        if (feedbackIntervalNanos <= 0) {
            throw new IllegalArgumentException("feedback interval must be positive: " + feedbackIntervalNanos);
        }
        if (maxPacketLength < Twcc.MIN_LENGTH) {
            throw new IllegalArgumentException("max packet length below " + Twcc.MIN_LENGTH + ": " + maxPacketLength);
        }
        this.feedbackIntervalNanos = feedbackIntervalNanos;
        this.maxPacketLength = maxPacketLength;
        this.arrivals = new long[INITIAL_WINDOW];
        this.deltaTicks = new int[INITIAL_WINDOW];
        this.mask = INITIAL_WINDOW - 1;
        Arrays.fill(arrivals, MISSING);
    }

    /** Records that the packet with transport-wide sequence number {@code transportSeq} (16 bits) arrived. */
    public void onPacket(int transportSeq, long arrivalNanos) {
        int seq = transportSeq & 0xFFFF;
        if (arrivalNanos == MISSING) {
            arrivalNanos++; // keep the marker unambiguous
        }
        if (!started) {
            lastFeedbackNanos = arrivalNanos;
            start(seq, arrivalNanos);
            return;
        }
        long ext = unwrapper.peek(seq);
        long distance = ext - highest;
        if (distance > RESTART_DISTANCE || distance < -RESTART_DISTANCE) {
            restart(seq, arrivalNanos);
            return;
        }
        if (distance > 0) {
            lateStreak = 0;
            advanceTo(ext);
            unwrapper.unwrap(seq);
            arrivals[(int) ext & mask] = arrivalNanos;
            return;
        }
        if (ext <= highest - arrivals.length || ext < oldestKnown || nextToReport - ext > MAX_REWIND) {
            lateDropped++;
            if (++lateStreak >= RESTART_LATE_STREAK) {
                restart(seq, arrivalNanos); // the sender went back: follow it
            }
            return;
        }
        lateStreak = 0;
        int slot = (int) ext & mask;
        if (arrivals[slot] != MISSING) {
            duplicates++;
            return;
        }
        arrivals[slot] = arrivalNanos;
        if (ext < nextToReport) {
            nextToReport = ext;
        }
    }

    /**
     * True when a feedback packet should be written now: packets are pending and either the interval has passed
     * since the last feedback (or since the first packet), or the pending packets might not fit one feedback packet.
     */
    public boolean feedbackDue(long nowNanos) {
        if (!hasPending()) {
            return false;
        }
        if (nowNanos - lastFeedbackNanos >= feedbackIntervalNanos) {
            return true;
        }
        // upper estimate of the packet length: a 2-bit vector chunk per 7 statuses and a 1-byte delta each
        long span = highest - nextToReport + 1;
        return Twcc.HEADER_LENGTH + span + 2 * ((span + 6) / 7) >= maxPacketLength;
    }

    /** True when some received packets have not been reported yet. */
    public boolean hasPending() {
        return started && nextToReport <= highest;
    }

    /**
     * Writes one TWCC feedback packet at {@code buf[off]} for the pending packets, at most the configured length
     * (and what the buffer holds). What does not fit stays pending for the next call. The written packet sets P when
     * it needs padding, so it must be the last of its RTCP compound.
     *
     * @return bytes written; 0 when nothing is pending; -1 when the buffer has less than {@link Twcc#MIN_LENGTH}
     *         bytes from {@code off}
     */
    public int writeFeedback(byte[] buf, int off, long senderSsrc, long mediaSsrc, long nowNanos) {
        if (!hasPending()) {
            return 0;
        }
        if (buf == null || off < 0 || off > buf.length) {
            return -1;
        }
        int limit = Math.min(maxPacketLength, buf.length - off);
        if (limit < Twcc.MIN_LENGTH) {
            return -1;
        }
        long first = nextToReport;
        while (arrivals[(int) first & mask] == MISSING) {
            first++; // stops at the highest, which is always received
        }
        long referenceTicks = Math.floorDiv(arrivals[(int) first & mask], REFERENCE_TICK_NANOS);
        long referenceNanos = referenceTicks * REFERENCE_TICK_NANOS;
        int span = (int) Math.min(highest - nextToReport + 1, Twcc.MAX_STATUS_COUNT);
        int maxReceived = limit - Twcc.HEADER_LENGTH - 2; // every received packet takes at least a byte
        int count = 0;
        int received = 0;
        long previousTicks = 0;
        for (int i = 0; i < span; i++) {
            long arrival = arrivals[(int) (nextToReport + i) & mask];
            if (arrival == MISSING) {
                deltaTicks[i] = Twcc.NOT_RECEIVED;
                continue;
            }
            // rounded from the reference, so the rounding errors do not add up
            long ticks = Math.floorDiv(arrival - referenceNanos + DELTA_TICK_NANOS / 2, DELTA_TICK_NANOS);
            long delta = ticks - previousTicks;
            if (received == maxReceived || delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
                break;
            }
            deltaTicks[i] = (int) delta;
            previousTicks = ticks;
            received++;
            count = i + 1;
        }
        int length = Twcc.write(buf, off, limit, senderSsrc, mediaSsrc, (int) nextToReport & 0xFFFF,
                (int) referenceTicks & Twcc.REFERENCE_TIME_MASK, feedbackCount, deltaTicks, 0, count);
        if (length < 0) {
            return -1;
        }
        nextToReport += Twcc.statusCountAt(buf, off);
        feedbackCount = (feedbackCount + 1) & 0xFF;
        lastFeedbackNanos = nowNanos;
        return length;
    }

    /** Feedback packet count the next feedback will carry (0..255). */
    public int feedbackCount() {
        return feedbackCount;
    }

    /** Transport-wide sequence number (16 bits) the next feedback starts at. */
    public int nextSequenceNumber() {
        return (int) nextToReport & 0xFFFF;
    }

    /** Packets that arrived again; the first arrival is kept. */
    public long duplicates() {
        return duplicates;
    }

    /** Late packets dropped: too far before the first unreported one, or their slot had left the ring. */
    public long lateDropped() {
        return lateDropped;
    }

    /** Sequence numbers dropped unreported because more than {@link #MAX_WINDOW} were outstanding. */
    public long evicted() {
        return evicted;
    }

    /** Restarts after a jump of more than {@link #RESTART_DISTANCE} or a streak of dropped late packets. */
    public long restarts() {
        return restarts;
    }

    private void restart(int seq, long arrivalNanos) {
        restarts++;
        Arrays.fill(arrivals, MISSING);
        start(seq, arrivalNanos);
    }

    private void start(int seq, long arrivalNanos) {
        lateStreak = 0;
        unwrapper.reset();
        long ext = unwrapper.unwrap(seq);
        highest = ext;
        nextToReport = ext;
        oldestKnown = Long.MIN_VALUE;
        arrivals[(int) ext & mask] = arrivalNanos;
        started = true;
    }

    /** Moves the highest sequence number up to {@code ext}: grows or slides the window, clears the skipped slots. */
    private void advanceTo(long ext) {
        long span = ext - nextToReport + 1; // nextToReport <= highest + 1 < ext
        if (span > arrivals.length && arrivals.length < MAX_WINDOW) {
            grow(span);
        }
        if (span > arrivals.length) {
            long start = ext - arrivals.length + 1;
            if (start > nextToReport) {
                evicted += start - nextToReport;
                nextToReport = start;
            }
        }
        long clearFrom = Math.max(highest + 1, ext - arrivals.length + 1);
        for (long e = clearFrom; e < ext; e++) {
            arrivals[(int) e & mask] = MISSING;
        }
        highest = ext;
    }

    private void grow(long span) {
        int length = arrivals.length;
        while (length < span && length < MAX_WINDOW) {
            length <<= 1;
        }
        long[] grown = new long[length];
        Arrays.fill(grown, MISSING);
        int newMask = length - 1;
        long from = Math.max(highest - arrivals.length + 1, oldestKnown);
        for (long e = from; e <= highest; e++) {
            grown[(int) e & newMask] = arrivals[(int) e & mask];
        }
        oldestKnown = from;
        arrivals = grown;
        deltaTicks = new int[length];
        mask = newMask;
    }
}

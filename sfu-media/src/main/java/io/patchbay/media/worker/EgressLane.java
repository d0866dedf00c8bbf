package io.patchbay.media.worker;

/**
 * Datagrams one media thread ({@code from}, a room's own) hands to another ({@code to}) to protect and send for the
 * transports that {@code to} sends for: a large room's fan-out spread over every media thread. A bounded
 * single-producer single-consumer ring of fixed slots: {@code from} copies each unprotected RTP packet into a slot
 * and publishes what it wrote every {@value #PUBLISH_EVERY} packets and at the end of each received packet's
 * fan-out; {@code to} drains the ring in
 * order, so each transport's packets leave in the order they were written. Nothing is allocated per packet (the
 * slots are allocated when the lane is first used).
 *
 * <p>Full: the packet is refused and the caller counts it (the receiving thread is behind by a whole ring: an
 * overload, where dropping beats queueing).
 *
 * <p>Threads: {@link #offer}, {@link #reserve}, {@link #commit}, {@link #offerRelease} and {@link #publish} on
 * {@code from} only; {@link #drain} and
 * {@link #isEmpty} on {@code to} only.
 */
public final class EgressLane {
    /** What a slot is sent through, on the receiving thread. */
    public interface Sink {
        /** Protects {@code buf[0, len)} in place (the slot has tail room) and sends it. */
        void sendFromLane(byte[] buf, int len);

        /** The stream {@code ssrc} ended: forget its send state (ordered after its last packet). */
        void releaseOnLane(long ssrc);
    }

    /** Slots per lane: more than one packet's fan-out to the largest room's share of subscribers. */
    static final int SLOTS = 1024;
    /** Room per slot: a pool buffer's size, which holds a packet and its SRTP tag. */
    public static final int SLOT_BYTES = 2048;
    private static final int RELEASE = -1;
    /**
     * Offers between two publications within one fan-out: the other thread starts sending while this one is still
     * deciding for the rest of a large room, instead of after the whole fan-out.
     */
    static final int PUBLISH_EVERY = 16;

    private final MediaWorker from;
    private final MediaWorker to;
    private final Sink[] sinks = new Sink[SLOTS];
    private final int[] lengths = new int[SLOTS];
    private final long[] ssrcs = new long[SLOTS];
    /** When the datagram that caused each slot's packet was received (for {@code DelayHistogram}). */
    private final long[] causes = new long[SLOTS];
    private byte[][] slots;
    /** Written by {@code from}: the next slot to write; {@link #published} is what {@code to} may read. */
    private long tail;
    private long headSeen;
    private long lastPublished;
    private volatile long published;
    /** Written by {@code to}: the next slot to read. */
    private volatile long head;
    private boolean failureLogged;

    private final java.util.function.IntConsumer drained;

    EgressLane(MediaWorker from, MediaWorker to, java.util.function.IntConsumer drained) {
        this.from = from;
        this.to = to;
        this.drained = drained;
    }

    /** The thread that protects and sends what goes through this lane. */
    public MediaWorker to() {
        return to;
    }

    /** Copies {@code buf[off, off+len)} into the next slot for {@code sink}; false when full or too large. */
    public boolean offer(Sink sink, byte[] buf, int off, int len) {
        if (len > SLOT_BYTES) return false;
        byte[] slot = reserve();
        if (slot == null) return false;
        System.arraycopy(buf, off, slot, 0, len);
        commit(sink, len);
        return true;
    }

    /**
     * The next slot ({@value #SLOT_BYTES} bytes), for the caller to write a packet into from offset 0 and then
     * {@link #commit}: the packet is written once, here, instead of elsewhere and copied by {@link #offer}. Null when
     * the lane is full. Nothing is queued until the commit; a slot reserved and not committed is simply reused.
     */
    public byte[] reserve() {
        if (!hasRoom()) return null;
        int i = (int) (tail & (SLOTS - 1));
        if (slots == null) slots = new byte[SLOTS][];
        byte[] slot = slots[i];
        if (slot == null) slot = slots[i] = new byte[SLOT_BYTES];
        return slot;
    }

    /** Queues the {@code len} bytes written into the slot {@link #reserve} returned last, for {@code sink}. */
    public void commit(Sink sink, int len) {
        int i = (int) (tail & (SLOTS - 1));
        sinks[i] = sink;
        lengths[i] = len;
        causes[i] = from.causeArrivalNanos();
        tail++;
        if (tail - lastPublished >= PUBLISH_EVERY) publish();
    }

    /** Queues the end of stream {@code ssrc} for {@code sink} behind its packets; false when full. */
    public boolean offerRelease(Sink sink, long ssrc) {
        if (!hasRoom()) return false;
        int i = (int) (tail & (SLOTS - 1));
        sinks[i] = sink;
        lengths[i] = RELEASE;
        ssrcs[i] = ssrc;
        tail++;
        return true;
    }

    private boolean hasRoom() {
        if (tail - headSeen < SLOTS) return true;
        headSeen = head;
        return tail - headSeen < SLOTS;
    }

    /** Makes what was offered visible to {@code to} and wakes it (cheap when nothing is new). */
    public void publish() {
        if (tail == lastPublished) return;
        lastPublished = tail;
        published = tail;
        to.wake();
    }

    /** Sends everything published, in order; the number of slots handled ({@code to} only). */
    public int drain() {
        long end = published;
        long h = head;
        if (h == end) return 0;
        int n = (int) (end - h);
        for (; h != end; h++) {
            int i = (int) (h & (SLOTS - 1));
            Sink sink = sinks[i];
            sinks[i] = null;
            int len = lengths[i];
            try {
                if (len == RELEASE) {
                    sink.releaseOnLane(ssrcs[i]);
                } else {
                    to.setCauseArrivalNanos(causes[i]);
                    sink.sendFromLane(slots[i], len);
                }
            } catch (RuntimeException e) {
                // One transport's failure must not stop the lane; the sink counts its own errors. Logged once.
                if (!failureLogged) {
                    failureLogged = true;
                    java.util.logging.Logger.getLogger(EgressLane.class.getName()).log(
                            java.util.logging.Level.WARNING, "egress lane send failed (logged once)", e);
                }
            }
        }
        to.setCauseArrivalNanos(0);
        head = end;
        drained.accept(n);
        return n;
    }

    /** Nothing published is waiting ({@code to} only; the other thread may publish more at any time). */
    public boolean isEmpty() {
        return head == published;
    }
}

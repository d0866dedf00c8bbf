package io.patchbay.media.stream;

import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.ReleaseResult;

/**
 * Recently received packets of one incoming (publisher) stream, kept so that NACKs from any subscriber of the stream
 * can be answered with a retransmission (RFC 4585 section 6.2.1, RFC 4588). All consumers of the stream share one
 * cache, as in LiveKit and mediasoup: subscribers keep only small metadata ({@link SentPacketHistory}).
 *
 * <p>Packets are kept by reference: {@link #put} takes ownership of the {@link PacketBuffer} (no copy) and the cache
 * releases it to the pool exactly once: when it is evicted for age, when its slot is reused by a newer sequence
 * number, when a duplicate replaces it, or on {@link #close()}. A packet refused by {@link #put} is released at once.
 *
 * <p>Slots form a ring indexed by the extended sequence number modulo the capacity (a power of two), so the cache
 * holds at most {@code capacity} consecutive sequence numbers and nothing older than {@code maxAgeNanos}. The age of a
 * packet counts from its {@link #put}. Allocation-free after construction.
 *
 * <p>Not thread-safe: owned by the media thread of the room (the same thread that releases buffers it puts here).
 */
public final class RetransmissionCache {
    public static final int DEFAULT_CAPACITY = 1024;
    public static final long DEFAULT_MAX_AGE_NANOS = 1_000_000_000L;

    /** What {@link #put} did with the packet. */
    public enum PutResult {
        /** Stored in a free slot. */
        STORED,
        /** Stored; the slot held an older packet, which was released (count bound). */
        STORED_EVICTED_OLDER,
        /** Stored; a packet with the same sequence number was there and was released. */
        STORED_REPLACED_DUPLICATE,
        /** Not stored and released at once: its slot holds a newer packet (it is more than capacity behind). */
        REJECTED_TOO_OLD,
        /** Not stored and released at once: the cache is closed. */
        REJECTED_CLOSED,
        /** Nothing done: the packet was null. */
        REJECTED_NULL
    }

    private final PacketBufferPool pool;
    private final int mask;
    private final long maxAgeNanos;
    private final PacketBuffer[] packets;
    private final long[] seqs;
    private final long[] storedAtNanos;
    private int size;
    private boolean closed;
    private long hits;
    private long misses;
    private long releaseFailures;

    /** A cache of {@link #DEFAULT_CAPACITY} packets kept at most {@link #DEFAULT_MAX_AGE_NANOS}. */
    public RetransmissionCache(PacketBufferPool pool) {
        this(pool, DEFAULT_CAPACITY, DEFAULT_MAX_AGE_NANOS);
    }

    /**
     * @param pool where evicted buffers go back
     * @param capacity slots, a power of two in 1..65536 (more than half the 16-bit space would be pointless)
     * @param maxAgeNanos how long a packet is served after it was put, positive
     */
    public RetransmissionCache(PacketBufferPool pool, int capacity, long maxAgeNanos) {
        if (pool == null) {
            throw new IllegalArgumentException("pool is required");
        }
        if (capacity < 1 || capacity > 65536 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 1..65536");
        }
        if (maxAgeNanos <= 0) {
            throw new IllegalArgumentException("maxAgeNanos must be positive");
        }
        this.pool = pool;
        this.mask = capacity - 1;
        this.maxAgeNanos = maxAgeNanos;
        this.packets = new PacketBuffer[capacity];
        this.seqs = new long[capacity];
        this.storedAtNanos = new long[capacity];
    }

    /**
     * Takes ownership of {@code packet}, received with extended sequence number {@code extendedSeq}. Whatever the
     * result, the caller must not touch the buffer afterwards (it is stored or already released).
     */
    public PutResult put(long extendedSeq, PacketBuffer packet, long nowNanos) {
        if (packet == null) {
            return PutResult.REJECTED_NULL;
        }
        if (closed) {
            release(packet);
            return PutResult.REJECTED_CLOSED;
        }
        int slot = (int) extendedSeq & mask;
        PacketBuffer old = packets[slot];
        PutResult result = PutResult.STORED;
        if (old != null) {
            if (old == packet) {
                // The same buffer again (a caller bug): keep it, do not release what we still hold.
                storedAtNanos[slot] = nowNanos;
                return PutResult.STORED_REPLACED_DUPLICATE;
            }
            long oldSeq = seqs[slot];
            if (oldSeq > extendedSeq) {
                release(packet);
                return PutResult.REJECTED_TOO_OLD;
            }
            result = oldSeq == extendedSeq ? PutResult.STORED_REPLACED_DUPLICATE : PutResult.STORED_EVICTED_OLDER;
            release(old);
            size--;
        }
        packets[slot] = packet;
        seqs[slot] = extendedSeq;
        storedAtNanos[slot] = nowNanos;
        size++;
        return result;
    }

    /**
     * The packet with {@code extendedSeq}, or null when it is not here (never stored, evicted, or older than the
     * maximum age, in which case it is released now). The cache keeps ownership: use the buffer only within the
     * current call on the media thread (copy what you need into a send buffer) and never release it.
     */
    public PacketBuffer get(long extendedSeq, long nowNanos) {
        int slot = (int) extendedSeq & mask;
        PacketBuffer packet = packets[slot];
        if (packet == null || seqs[slot] != extendedSeq) {
            misses++;
            return null;
        }
        if (nowNanos - storedAtNanos[slot] > maxAgeNanos) {
            evict(slot);
            misses++;
            return null;
        }
        hits++;
        return packet;
    }

    /**
     * Releases every packet stored more than the maximum age before {@code nowNanos}. Meant for a periodic timer
     * (every 100 ms or so); scans all slots.
     *
     * @return packets released
     */
    public int evictOlderThan(long nowNanos) {
        if (size == 0) {
            return 0;
        }
        int evicted = 0;
        for (int slot = 0; slot < packets.length; slot++) {
            if (packets[slot] != null && nowNanos - storedAtNanos[slot] > maxAgeNanos) {
                evict(slot);
                evicted++;
            }
        }
        return evicted;
    }

    /** Releases every packet; later {@link #put}s release their packet at once. Idempotent. */
    public void close() {
        closed = true;
        for (int slot = 0; slot < packets.length && size > 0; slot++) {
            if (packets[slot] != null) {
                evict(slot);
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Packets held now. */
    public int size() {
        return size;
    }

    public int capacity() {
        return packets.length;
    }

    public long maxAgeNanos() {
        return maxAgeNanos;
    }

    /** {@link #get} calls that returned a packet. */
    public long hits() {
        return hits;
    }

    /** {@link #get} calls that returned null. */
    public long misses() {
        return misses;
    }

    /** Releases the pool refused (foreign or double-released buffers): a bug somewhere, always 0 in tests. */
    public long releaseFailures() {
        return releaseFailures;
    }

    private void evict(int slot) {
        PacketBuffer packet = packets[slot];
        packets[slot] = null;
        size--;
        release(packet);
    }

    private void release(PacketBuffer packet) {
        if (pool.release(packet) != ReleaseResult.RELEASED) {
            releaseFailures++;
        }
    }
}

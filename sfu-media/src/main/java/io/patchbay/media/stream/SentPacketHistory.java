package io.patchbay.media.stream;

import io.patchbay.media.packet.SequenceNumbers;

/**
 * What one subscriber stream was sent: for each 16-bit sequence number the subscriber saw (after rewriting), the
 * publisher's extended sequence number (the key of the shared {@link RetransmissionCache}), the RTP timestamp the
 * subscriber saw, and when it was sent. A NACK from the subscriber names its own sequence numbers; this maps them
 * back. Metadata only, as LiveKit's sequencer: the payload stays in the publisher's cache.
 *
 * <p>Entries live in a ring indexed by the outgoing sequence number modulo the capacity. An entry is found only if it
 * is within the last {@code capacity} sequence numbers recorded and was not overwritten; when the outgoing sequence
 * jumps forward, the skipped slots are cleared so a stale entry from 65536 packets ago can never answer. An entry is
 * {@value #STRIDE} adjacent longs of one array: recording a packet for each subscriber of a large room touches one or
 * two cache lines per subscriber, not one in each of seven arrays.
 *
 * <p>{@link #mayRetransmit} is the guard against NACK storms (libwebrtc's {@code RtpPacketHistory}, mediasoup's
 * {@code RtpStreamSend}): the same packet is retransmitted at most once per RTT and at most
 * {@code maxRetransmissions} times in all.
 *
 * <p>Not thread-safe: owned by the media thread of the room. Allocation-free after construction.
 */
public final class SentPacketHistory {
    public static final int DEFAULT_CAPACITY = 1024;
    public static final int DEFAULT_MAX_RETRANSMISSIONS = 5;
    /** RTT assumed while none is known (mediasoup and libwebrtc use 100 ms). */
    public static final long DEFAULT_RTT_NANOS = 100_000_000L;

    /** Why {@link #check} allows or refuses a retransmission. */
    public enum Decision {
        RETRANSMIT,
        /** Never recorded, overwritten, or too far behind the newest entry. */
        UNKNOWN,
        /** Already retransmitted less than one RTT ago. */
        TOO_SOON,
        /** Already retransmitted the maximum number of times. */
        LIMIT_REACHED
    }

    /** Longs per entry, at these offsets. */
    private static final int STRIDE = 6;
    /** The outgoing sequence number (-1: empty) in the high half, the retransmissions so far in the low half. */
    private static final int SEQ_AND_COUNT = 0;
    private static final int SOURCE = 1;
    private static final int TIMESTAMP = 2;
    private static final int TAG = 3;
    private static final int SENT_AT = 4;
    private static final int LAST_RETRANSMIT = 5;
    private static final long EMPTY = -1L << 32;

    private final int mask;
    private final int maxRetransmissions;
    private final long[] entries;
    private boolean started;
    private int newestOutSeq;

    /** A history of {@link #DEFAULT_CAPACITY} packets, {@link #DEFAULT_MAX_RETRANSMISSIONS} retransmissions each. */
    public SentPacketHistory() {
        this(DEFAULT_CAPACITY, DEFAULT_MAX_RETRANSMISSIONS);
    }

    /**
     * @param capacity entries, a power of two in 1..32768
     * @param maxRetransmissions how often one packet may be retransmitted, at least 1
     */
    public SentPacketHistory(int capacity, int maxRetransmissions) {
        if (capacity < 1 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 1..32768");
        }
        if (maxRetransmissions < 1) {
            throw new IllegalArgumentException("maxRetransmissions must be at least 1");
        }
        this.mask = capacity - 1;
        this.maxRetransmissions = maxRetransmissions;
        this.entries = new long[capacity * STRIDE];
        clearSlots();
    }

    /** Records a packet sent with sequence number {@code outSeq}, made from the publisher's {@code sourceExtSeq}. */
    public void record(int outSeq, long sourceExtSeq, long nowNanos) {
        record(outSeq, sourceExtSeq, -1, nowNanos);
    }

    /**
     * Records a packet sent with sequence number {@code outSeq} and RTP timestamp {@code outTimestamp} (the rewritten
     * values the subscriber saw; a retransmission must carry the same timestamp even if the munger's offsets changed
     * since), made from the publisher's {@code sourceExtSeq}. Recording the same {@code outSeq} again replaces the
     * entry and its retransmission count.
     */
    public void record(int outSeq, long sourceExtSeq, long outTimestamp, long nowNanos) {
        record(outSeq, sourceExtSeq, outTimestamp, -1, nowNanos);
    }

    /**
     * As {@link #record(int, long, long, long)}, with {@code payloadTag}: what the payload was rewritten with (for
     * VP8 the packed PictureID, TL0PICIDX and KEYIDX), so a retransmission carries the same; -1 for nothing.
     */
    public void record(int outSeq, long sourceExtSeq, long outTimestamp, long payloadTag, long nowNanos) {
        int seq = outSeq & 0xFFFF;
        if (!started) {
            started = true;
            newestOutSeq = seq;
        } else {
            int ahead = SequenceNumbers.diff(seq, newestOutSeq);
            if (ahead > 0) {
                // Clear the slots of skipped sequence numbers (never sent), at most one whole ring.
                int skipped = Math.min(ahead - 1, mask + 1);
                for (int i = 1; i <= skipped; i++) {
                    entries[((newestOutSeq + i) & mask) * STRIDE + SEQ_AND_COUNT] = EMPTY;
                }
                newestOutSeq = seq;
            } else if (-ahead > mask) {
                return; // so old its slot belongs to a newer packet now
            }
        }
        int at = (seq & mask) * STRIDE;
        entries[at + SEQ_AND_COUNT] = (long) seq << 32; // no retransmissions yet
        entries[at + SOURCE] = sourceExtSeq;
        entries[at + TIMESTAMP] = outTimestamp;
        entries[at + TAG] = payloadTag;
        entries[at + SENT_AT] = nowNanos;
        entries[at + LAST_RETRANSMIT] = 0;
    }

    /** The publisher's extended sequence number behind {@code outSeq}, or -1 when unknown or overwritten. */
    public long sourceFor(int outSeq) {
        int at = find(outSeq);
        return at < 0 ? -1 : entries[at + SOURCE];
    }

    /** The RTP timestamp sent with {@code outSeq}, or -1 when unknown or not recorded. */
    public long timestampFor(int outSeq) {
        int at = find(outSeq);
        return at < 0 ? -1 : entries[at + TIMESTAMP];
    }

    /** The payload tag recorded with {@code outSeq}, or -1. */
    public long payloadTagFor(int outSeq) {
        int at = find(outSeq);
        return at < 0 ? -1 : entries[at + TAG];
    }

    /** When {@code outSeq} was first sent, or {@link Long#MIN_VALUE} when unknown. */
    public long sentAtNanos(int outSeq) {
        int at = find(outSeq);
        return at < 0 ? Long.MIN_VALUE : entries[at + SENT_AT];
    }

    /** Retransmissions of {@code outSeq} so far, or -1 when unknown. */
    public int retransmissions(int outSeq) {
        int at = find(outSeq);
        return at < 0 ? -1 : (int) entries[at + SEQ_AND_COUNT];
    }

    /**
     * True when {@code outSeq} may be retransmitted now, and then counts the retransmission (so call it only when
     * about to retransmit). See {@link #check}.
     */
    public boolean mayRetransmit(int outSeq, long nowNanos, long rttNanos) {
        return check(outSeq, nowNanos, rttNanos) == Decision.RETRANSMIT;
    }

    /**
     * Decides whether {@code outSeq} may be retransmitted now: it must be known, retransmitted fewer than the
     * maximum times, and not retransmitted within the last RTT ({@code rttNanos}, or {@link #DEFAULT_RTT_NANOS} when
     * not positive). The first retransmission is allowed at once, as in libwebrtc (the NACK itself proves the
     * original was lost). On {@link Decision#RETRANSMIT} the retransmission is counted.
     */
    public Decision check(int outSeq, long nowNanos, long rttNanos) {
        int at = find(outSeq);
        if (at < 0) {
            return Decision.UNKNOWN;
        }
        int count = (int) entries[at + SEQ_AND_COUNT];
        if (count >= maxRetransmissions) {
            return Decision.LIMIT_REACHED;
        }
        long rtt = rttNanos > 0 ? rttNanos : DEFAULT_RTT_NANOS;
        if (count > 0 && nowNanos - entries[at + LAST_RETRANSMIT] < rtt) {
            return Decision.TOO_SOON;
        }
        entries[at + SEQ_AND_COUNT] = ((long) (outSeq & 0xFFFF) << 32) | (count + 1);
        entries[at + LAST_RETRANSMIT] = nowNanos;
        return Decision.RETRANSMIT;
    }

    public int capacity() {
        return mask + 1;
    }

    public int maxRetransmissions() {
        return maxRetransmissions;
    }

    /** Forgets everything (e.g. when the subscriber's stream restarts). */
    public void clear() {
        clearSlots();
        started = false;
    }

    private void clearSlots() {
        for (int at = 0; at < entries.length; at += STRIDE) entries[at + SEQ_AND_COUNT] = EMPTY;
    }

    /** The offset of {@code outSeq}'s entry in {@link #entries}, or -1. */
    private int find(int outSeq) {
        int seq = outSeq & 0xFFFF;
        if (!started) {
            return -1;
        }
        int behind = SequenceNumbers.diff(newestOutSeq, seq);
        if (behind < 0 || behind > mask) {
            return -1;
        }
        int at = (seq & mask) * STRIDE;
        return (int) (entries[at + SEQ_AND_COUNT] >> 32) == seq ? at : -1;
    }
}

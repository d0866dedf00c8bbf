package io.patchbay.media.stream;

import io.patchbay.media.packet.SequenceNumbers;
import java.util.Arrays;

/**
 * What one subscriber stream was sent: for each 16-bit sequence number the subscriber saw (after rewriting), the
 * publisher's extended sequence number (the key of the shared {@link RetransmissionCache}), the RTP timestamp the
 * subscriber saw, and when it was sent. A NACK from the subscriber names its own sequence numbers; this maps them
 * back. Metadata only, as LiveKit's sequencer: the payload stays in the publisher's cache.
 *
 * <p>Entries live in a ring indexed by the outgoing sequence number modulo the capacity. An entry is found only if it
 * is within the last {@code capacity} sequence numbers recorded and was not overwritten; when the outgoing sequence
 * jumps forward, the skipped slots are cleared so a stale entry from 65536 packets ago can never answer.
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

    private final int mask;
    private final int maxRetransmissions;
    /** Outgoing sequence number of each slot, or -1 when the slot is empty. */
    private final int[] outSeqs;
    private final long[] sourceSeqs;
    private final long[] outTimestamps;
    private final long[] payloadTags;
    private final long[] sentAtNanos;
    private final long[] lastRetransmitNanos;
    private final int[] retransmissions;
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
        this.outSeqs = new int[capacity];
        this.sourceSeqs = new long[capacity];
        this.outTimestamps = new long[capacity];
        this.payloadTags = new long[capacity];
        this.sentAtNanos = new long[capacity];
        this.lastRetransmitNanos = new long[capacity];
        this.retransmissions = new int[capacity];
        Arrays.fill(outSeqs, -1);
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
                    outSeqs[(newestOutSeq + i) & mask] = -1;
                }
                newestOutSeq = seq;
            } else if (-ahead > mask) {
                return; // so old its slot belongs to a newer packet now
            }
        }
        int slot = seq & mask;
        outSeqs[slot] = seq;
        sourceSeqs[slot] = sourceExtSeq;
        outTimestamps[slot] = outTimestamp;
        payloadTags[slot] = payloadTag;
        sentAtNanos[slot] = nowNanos;
        lastRetransmitNanos[slot] = 0;
        retransmissions[slot] = 0;
    }

    /** The publisher's extended sequence number behind {@code outSeq}, or -1 when unknown or overwritten. */
    public long sourceFor(int outSeq) {
        int slot = find(outSeq);
        return slot < 0 ? -1 : sourceSeqs[slot];
    }

    /** The RTP timestamp sent with {@code outSeq}, or -1 when unknown or not recorded. */
    public long timestampFor(int outSeq) {
        int slot = find(outSeq);
        return slot < 0 ? -1 : outTimestamps[slot];
    }

    /** The payload tag recorded with {@code outSeq}, or -1. */
    public long payloadTagFor(int outSeq) {
        int slot = find(outSeq);
        return slot < 0 ? -1 : payloadTags[slot];
    }

    /** When {@code outSeq} was first sent, or {@link Long#MIN_VALUE} when unknown. */
    public long sentAtNanos(int outSeq) {
        int slot = find(outSeq);
        return slot < 0 ? Long.MIN_VALUE : sentAtNanos[slot];
    }

    /** Retransmissions of {@code outSeq} so far, or -1 when unknown. */
    public int retransmissions(int outSeq) {
        int slot = find(outSeq);
        return slot < 0 ? -1 : retransmissions[slot];
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
        int slot = find(outSeq);
        if (slot < 0) {
            return Decision.UNKNOWN;
        }
        int count = retransmissions[slot];
        if (count >= maxRetransmissions) {
            return Decision.LIMIT_REACHED;
        }
        long rtt = rttNanos > 0 ? rttNanos : DEFAULT_RTT_NANOS;
        if (count > 0 && nowNanos - lastRetransmitNanos[slot] < rtt) {
            return Decision.TOO_SOON;
        }
        retransmissions[slot] = count + 1;
        lastRetransmitNanos[slot] = nowNanos;
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
        Arrays.fill(outSeqs, -1);
        started = false;
    }

    private int find(int outSeq) {
        int seq = outSeq & 0xFFFF;
        if (!started) {
            return -1;
        }
        int behind = SequenceNumbers.diff(newestOutSeq, seq);
        if (behind < 0 || behind > mask) {
            return -1;
        }
        int slot = seq & mask;
        return outSeqs[slot] == seq ? slot : -1;
    }
}

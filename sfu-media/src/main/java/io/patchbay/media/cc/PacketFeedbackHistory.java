package io.patchbay.media.cc;

import io.patchbay.media.packet.SequenceNumbers;

/**
 * The sent packets a subscriber transport is waiting to hear about: for each transport-wide sequence number (TWCC,
 * draft-holmer-rmcat-transport-wide-cc-extensions-01) its send time, its size and what feedback has said of it so
 * far. A ring indexed by the unwrapped sequence number, so recording and looking up allocate nothing; the oldest
 * entries are overwritten once {@code capacity} newer packets have been sent. One packet's entry is three adjacent
 * longs of one array (number, send time, and size, status and probe cluster packed): recording a packet for each of a
 * large room's subscribers touches one cache line per subscriber instead of one in each of five arrays, which made this
 * 5.6% of the media threads' time at 200 subscribers.
 *
 * <p>Sequence numbers are unwrapped against the highest one sent: a reported number more than half the 16-bit space
 * away, ahead of everything sent, or older than the ring, resolves to {@link #NOT_FOUND}.
 *
 * <p>Not thread-safe: owned by the media thread that owns the transport's {@link BandwidthEstimator}.
 */
public final class PacketFeedbackHistory {
    /** Returned by {@link #find} for a sequence number that was never sent or has left the ring. */
    public static final int NOT_FOUND = -1;

    /** Sent, not yet mentioned by feedback. */
    public static final byte UNREPORTED = 0;
    /** Reported as not received (it may still be reported as received by a later feedback). */
    public static final byte LOST = 1;
    /** Reported as received. */
    public static final byte RECEIVED = 2;

    /** Longs per entry: the unwrapped number, the send time, then {@code cluster << 32 | status << 24 | size}. */
    private static final int STRIDE = 3;
    private static final int SEQ = 0;
    private static final int SEND_NANOS = 1;
    private static final int META = 2;
    private static final long SIZE_MASK = 0xFF_FFFFL;
    private static final int STATUS_SHIFT = 24;

    private final int mask;
    private final long[] entries;
    private boolean started;
    private long highestSent;

    public PacketFeedbackHistory(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        mask = capacity - 1;
        entries = new long[capacity * STRIDE];
        for (int i = 0; i < capacity; i++) entries[i * STRIDE + SEQ] = -1L;
    }

    /** Records a packet handed to the socket; returns its unwrapped sequence number. */
    public long onSent(int transportSeq16, long sendNanos, int sizeBytes) {
        return onSent(transportSeq16, sendNanos, sizeBytes, 0);
    }

    /** As {@link #onSent(int, long, int)}, sent while probe cluster {@code clusterId} was on (0: none). */
    public long onSent(int transportSeq16, long sendNanos, int sizeBytes, int clusterId) {
        long ext = unwrap(transportSeq16);
        if (!started || ext > highestSent) {
            highestSent = ext;
            started = true;
        }
        int at = (int) (ext & mask) * STRIDE;
        entries[at + SEQ] = ext;
        entries[at + SEND_NANOS] = sendNanos;
        // A packet's size fits 24 bits (the largest UDP datagram is 64 KB).
        entries[at + META] = ((long) clusterId << 32) | ((long) UNREPORTED << STATUS_SHIFT) | (sizeBytes & SIZE_MASK);
        return ext;
    }

    /** The slot of a sent packet, for the accessors below, or {@link #NOT_FOUND}. */
    public int find(int transportSeq16) {
        if (!started) {
            return NOT_FOUND;
        }
        long ext = unwrap(transportSeq16);
        if (ext > highestSent || ext < 0) {
            return NOT_FOUND;
        }
        int slot = (int) (ext & mask);
        return entries[slot * STRIDE + SEQ] == ext ? slot : NOT_FOUND;
    }

    public long sendNanos(int slot) {
        return entries[slot * STRIDE + SEND_NANOS];
    }

    public int sizeBytes(int slot) {
        return (int) (entries[slot * STRIDE + META] & SIZE_MASK);
    }

    /** {@link #UNREPORTED}, {@link #LOST} or {@link #RECEIVED}. */
    public byte status(int slot) {
        return (byte) (entries[slot * STRIDE + META] >>> STATUS_SHIFT);
    }

    /** The probe cluster the packet was sent in, 0 for none. */
    public int cluster(int slot) {
        return (int) (entries[slot * STRIDE + META] >>> 32);
    }

    public void markLost(int slot) {
        setStatus(slot, LOST);
    }

    public void markReceived(int slot) {
        setStatus(slot, RECEIVED);
    }

    private void setStatus(int slot, byte value) {
        int at = slot * STRIDE + META;
        entries[at] = (entries[at] & ~(0xFFL << STATUS_SHIFT)) | ((long) value << STATUS_SHIFT);
    }

    /** Number of slots. */
    public int capacity() {
        return mask + 1;
    }

    private long unwrap(int seq16) {
        // The first packet is placed at 65536 so that numbers just before it (across a wrap) stay non-negative.
        if (!started) {
            return 0x10000L + (seq16 & 0xFFFF);
        }
        return highestSent + SequenceNumbers.diff(seq16 & 0xFFFF, (int) (highestSent & 0xFFFF));
    }
}

package io.patchbay.media.cc;

import io.patchbay.media.packet.SequenceNumbers;

/**
 * The sent packets a subscriber transport is waiting to hear about: for each transport-wide sequence number (TWCC,
 * draft-holmer-rmcat-transport-wide-cc-extensions-01) its send time, its size and what feedback has said of it so
 * far. A ring of pre-sized arrays indexed by the unwrapped sequence number, so recording and looking up allocate
 * nothing; the oldest entries are overwritten once {@code capacity} newer packets have been sent.
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

    private final int mask;
    private final long[] extendedSeq;
    private final long[] sendNanos;
    private final int[] sizeBytes;
    private final byte[] status;
    /** The probe cluster each packet was sent in, 0 for none. */
    private final int[] cluster;
    private boolean started;
    private long highestSent;

    public PacketFeedbackHistory(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        mask = capacity - 1;
        extendedSeq = new long[capacity];
        sendNanos = new long[capacity];
        sizeBytes = new int[capacity];
        status = new byte[capacity];
        cluster = new int[capacity];
        java.util.Arrays.fill(extendedSeq, -1L);
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
        int slot = (int) (ext & mask);
        extendedSeq[slot] = ext;
        this.sendNanos[slot] = sendNanos;
        this.sizeBytes[slot] = sizeBytes;
        status[slot] = UNREPORTED;
        cluster[slot] = clusterId;
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
        return extendedSeq[slot] == ext ? slot : NOT_FOUND;
    }

    public long sendNanos(int slot) {
        return sendNanos[slot];
    }

    public int sizeBytes(int slot) {
        return sizeBytes[slot];
    }

    /** {@link #UNREPORTED}, {@link #LOST} or {@link #RECEIVED}. */
    public byte status(int slot) {
        return status[slot];
    }

    /** The probe cluster the packet was sent in, 0 for none. */
    public int cluster(int slot) {
        return cluster[slot];
    }

    public void markLost(int slot) {
        status[slot] = LOST;
    }

    public void markReceived(int slot) {
        status[slot] = RECEIVED;
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

package io.patchbay.media.forward;

import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.stream.SentPacketHistory;

/**
 * Retransmissions that a subscriber's transport-wide feedback asks for when its NACK cannot: which video packet (or
 * retransmission of one) each transport-wide sequence number carried toward this subscriber, so that a packet the
 * feedback reports lost is sent again even when the NACK for it was lost too, or when the retransmission itself was.
 *
 * <p>Why: a browser's NACK travels the same lossy path as everything else, and a receive-only browser connection
 * knows no RTT, so it asks again only after its default 100 ms (libwebrtc's {@code NackRequester}). One lost NACK or
 * one lost retransmission then costs a frame ~100 ms more, enough for the browser to count a freeze at 20 fps. The
 * transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01) arrives every 50-100 ms whatever
 * stream the loss was in and says which packets did not arrive, so the server learns about them sooner:
 * <ul>
 *   <li>a lost <em>retransmission</em> is sent again as soon as the feedback has been read (the NACK was answered;
 *       only the feedback tells);</li>
 *   <li>a lost <em>original</em> gets {@link #NACK_GRACE_NANOS} for its NACK to arrive (the browser NACKs when it
 *       sees the gap, about when the feedback reports it); only if the packet was still not retransmitted then is
 *       it sent from the retransmission cache as a NACK would have it ({@link Consumer#retransmitLost}).</li>
 * </ul>
 * Both go through the sent-packet history's limits (once per RTT, at most {@code maxRetransmissions} times), so a
 * NACK arriving late makes no duplicate within an RTT. Only video is recorded (the only media the server
 * retransmits); padding is not. Measured in NetworkResilienceBrowserTest (three Chromium pages, 5% loss each way):
 * 1 freeze in 4 runs x 6 directions, against 14 without.
 *
 * <p>Bounded: one {@code long} per slot in a ring of {@link #CAPACITY} transport sequence numbers (8 KB per
 * subscriber, allocated at its first recorded packet), and {@link #PENDING_CAPACITY} losses waiting for their grace
 * (a full list drops the oldest). Media-thread only; allocation-free after construction.
 */
final class FeedbackRetransmissions {
    /** Transport sequence numbers remembered: 1 s of 1,000 packets/s; feedback reports within 50-250 ms. */
    static final int CAPACITY = 1024;
    /** Losses waiting at once: a burst of a keyframe's packets in one feedback fits. */
    static final int PENDING_CAPACITY = 256;
    /** How long a reported loss of an original waits for the subscriber's own NACK (then up to a media tick more). */
    static final long NACK_GRACE_NANOS = 15_000_000L;
    /** A retransmission too soon after the last one is tried again after an RTT, at least this. */
    static final long MIN_RETRY_NANOS = 10_000_000L;

    private static final long EMPTY = 0L;
    private static final long USED_BIT = 1L << 63;
    private static final long RETRANSMISSION_BIT = 1L << 62;
    private static final int SLOT_BITS = Integer.numberOfTrailingZeros(CAPACITY);
    /** The bits of a 16-bit transport sequence number above the slot index. */
    private static final long EPOCH_MASK = (1L << (16 - SLOT_BITS)) - 1;

    /**
     * Per slot: used (bit 63), retransmission (62), the transport seq's bits above the slot index (48-53), output seq
     * (32-47), media SSRC (0-31).
     */
    private final long[] slots = new long[CAPACITY];
    private final long[] pending = new long[PENDING_CAPACITY];
    private final long[] pendingDueNanos = new long[PENDING_CAPACITY];
    private int pendingCount;

    /** A video packet (or a retransmission of {@code outSeq}) left with transport-wide sequence {@code transportSeq}. */
    void onSent(int transportSeq, long mediaSsrc, int outSeq, boolean retransmission) {
        slots[transportSeq & (CAPACITY - 1)] = USED_BIT | (retransmission ? RETRANSMISSION_BIT : 0)
                | (epoch(transportSeq) << 48) | ((long) (outSeq & 0xFFFF) << 32) | (mediaSsrc & 0xFFFFFFFFL);
    }

    /** A packet that is not recorded (audio, padding) took {@code transportSeq}: its slot answers for nothing now. */
    void forget(int transportSeq) {
        slots[transportSeq & (CAPACITY - 1)] = EMPTY;
    }

    private static long epoch(int transportSeq) {
        return (transportSeq & 0xFFFF) >>> SLOT_BITS;
    }

    /**
     * The subscriber's feedback reports {@code transportSeq} lost: a retransmission is due now, an original after
     * the NACK grace. Nothing is sent here, in the middle of the feedback: {@link #runDue} sends once the bandwidth
     * estimator has taken the whole feedback.
     */
    void onLost(int transportSeq, long nowNanos) {
        int slot = transportSeq & (CAPACITY - 1);
        long entry = slots[slot];
        if (entry == EMPTY || ((entry >>> 48) & EPOCH_MASK) != epoch(transportSeq)) return;
        slots[slot] = EMPTY; // a feedback that repeats itself acts once
        if (pendingCount == PENDING_CAPACITY) { // the oldest goes: its NACK, if any, has long come
            System.arraycopy(pending, 1, pending, 0, PENDING_CAPACITY - 1);
            System.arraycopy(pendingDueNanos, 1, pendingDueNanos, 0, PENDING_CAPACITY - 1);
            pendingCount--;
        }
        pending[pendingCount] = entry;
        pendingDueNanos[pendingCount] = (entry & RETRANSMISSION_BIT) != 0 ? nowNanos : nowNanos + NACK_GRACE_NANOS;
        pendingCount++;
    }

    /**
     * Sends what is due: a lost retransmission again, an original unless a NACK already had it resent. One whose last
     * retransmission is less than an RTT old waits until it is.
     */
    void runDue(TransportBinding subscriber, RtpHeader scratch, long nowNanos) {
        int kept = 0;
        long rttNanos = subscriber.rttOr(SentPacketHistory.DEFAULT_RTT_NANOS);
        for (int i = 0; i < pendingCount; i++) {
            long entry = pending[i];
            long due = pendingDueNanos[i];
            if (nowNanos - due >= 0) {
                Consumer c = subscriber.consumerBySsrc(entry & 0xFFFFFFFFL);
                SentPacketHistory.Decision d = c == null ? SentPacketHistory.Decision.UNKNOWN
                        : c.retransmitLost((int) (entry >>> 32) & 0xFFFF, (entry & RETRANSMISSION_BIT) == 0, scratch,
                                rttNanos, nowNanos);
                if (d != SentPacketHistory.Decision.TOO_SOON) continue;
                due = nowNanos + Math.max(rttNanos, MIN_RETRY_NANOS);
            }
            pending[kept] = entry;
            pendingDueNanos[kept] = due;
            kept++;
        }
        pendingCount = kept;
    }
}

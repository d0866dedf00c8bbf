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
    static final int PENDING_CAPACITY = 64;
    /** How long a reported loss of an original waits for the subscriber's own NACK. */
    static final long NACK_GRACE_NANOS = 15_000_000L;

    private static final long EMPTY = 0L;
    private static final long USED_BIT = 1L << 63;
    private static final long RETRANSMISSION_BIT = 1L << 62;
    private static final int SLOT_BITS = Integer.numberOfTrailingZeros(CAPACITY);

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

    /** The bits of a 16-bit transport sequence number above the slot index. */
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
        if (entry == EMPTY || ((entry >>> 48) & 0x3F) != epoch(transportSeq)) return;
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

    /** Sends what is due: a lost retransmission again, an original unless a NACK already had it resent. */
    void runDue(TransportBinding subscriber, RtpHeader scratch, long nowNanos) {
        int kept = 0;
        for (int i = 0; i < pendingCount; i++) {
            long entry = pending[i];
            if (nowNanos - pendingDueNanos[i] >= 0) {
                resend(subscriber, entry, (entry & RETRANSMISSION_BIT) == 0, scratch, nowNanos);
            } else {
                pending[kept] = entry;
                pendingDueNanos[kept] = pendingDueNanos[i];
                kept++;
            }
        }
        pendingCount = kept;
    }

    private void resend(TransportBinding subscriber, long entry, boolean onlyIfNotRetransmitted, RtpHeader scratch,
                        long nowNanos) {
        Consumer c = subscriber.consumerBySsrc(entry & 0xFFFFFFFFL);
        if (c == null) return;
        int outSeq = (int) (entry >>> 32) & 0xFFFF;
        c.retransmitLost(outSeq, onlyIfNotRetransmitted, scratch, subscriber.rttOr(SentPacketHistory.DEFAULT_RTT_NANOS),
                nowNanos);
    }

    int pendingCount() {
        return pendingCount;
    }
}

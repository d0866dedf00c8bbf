package io.patchbay.media;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide media counters. LongAdders so any thread counts without contention; signaling exposes them to
 * Prometheus as function counters (media never imports Micrometer).
 */
public final class MediaStats {
    private final LongAdder[] dropped = new LongAdder[DropReason.values().length];
    private final LongAdder[] skipped = new LongAdder[SkipReason.values().length];
    private final LongAdder packetsReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder packetsForwarded = new LongAdder();
    private final LongAdder bytesForwarded = new LongAdder();
    private final LongAdder rtcpSent = new LongAdder();
    private final LongAdder keyframeRequests = new LongAdder();
    private final LongAdder dtlsHandshakes = new LongAdder();
    private final LongAdder dtlsFailures = new LongAdder();
    private final LongAdder[] sendErrors = new LongAdder[SendErrorReason.values().length];
    private final LongAdder sendCalls = new LongAdder();
    private final LongAdder batchedDatagrams = new LongAdder();
    private final LongAdder spreadPackets = new LongAdder();
    private final DelayHistogram forwardDelay = new DelayHistogram();
    private final DelayHistogram queueDelay = new DelayHistogram();
    private final LongAdder nacksReceived = new LongAdder();
    private final LongAdder nacksSent = new LongAdder();
    private final LongAdder retransmissionsSent = new LongAdder();
    private final LongAdder retransmissionsMissed = new LongAdder();
    private final LongAdder retransmissionsAfterFeedback = new LongAdder();
    private final LongAdder rtxReceived = new LongAdder();
    private final LongAdder twccFeedbackSent = new LongAdder();
    private final LongAdder pliReceived = new LongAdder();
    private final LongAdder paddingBytes = new LongAdder();
    private final LongAdder relayPacketsSent = new LongAdder();
    private final LongAdder relayBytesSent = new LongAdder();
    private final LongAdder relayPacketsReceived = new LongAdder();
    private final LongAdder relayBytesReceived = new LongAdder();

    public MediaStats() {
        for (int i = 0; i < dropped.length; i++) dropped[i] = new LongAdder();
        for (int i = 0; i < sendErrors.length; i++) sendErrors[i] = new LongAdder();
        for (int i = 0; i < skipped.length; i++) skipped[i] = new LongAdder();
    }

    /** A subscriber's copy of a packet that its forwarder decided not to send. */
    public void skipped(SkipReason reason) {
        skipped[reason.ordinal()].increment();
    }

    public long skippedCount(SkipReason reason) {
        return skipped[reason.ordinal()].sum();
    }

    public void dropped(DropReason reason) {
        dropped[reason.ordinal()].increment();
    }

    public long droppedCount(DropReason reason) {
        return dropped[reason.ordinal()].sum();
    }

    public void received(int bytes) {
        packetsReceived.increment();
        bytesReceived.add(bytes);
    }

    /** A packet sent to another node of the cluster (protected size). */
    public void relaySent(int bytes) {
        relayPacketsSent.increment();
        relayBytesSent.add(bytes);
    }

    /** A packet received from another node of the cluster (protected size). */
    public void relayReceived(int bytes) {
        relayPacketsReceived.increment();
        relayBytesReceived.add(bytes);
    }

    public long relayPacketsSent() {
        return relayPacketsSent.sum();
    }

    public long relayBytesSent() {
        return relayBytesSent.sum();
    }

    public long relayPacketsReceived() {
        return relayPacketsReceived.sum();
    }

    public long relayBytesReceived() {
        return relayBytesReceived.sum();
    }

    public void forwarded(int bytes) {
        packetsForwarded.increment();
        bytesForwarded.add(bytes);
    }

    public void rtcpSent() {
        rtcpSent.increment();
    }

    public void keyframeRequested() {
        keyframeRequests.increment();
    }

    public void dtlsHandshake(boolean ok) {
        (ok ? dtlsHandshakes : dtlsFailures).increment();
    }

    public void sendError(SendErrorReason reason) {
        sendErrors[reason.ordinal()].increment();
    }

    /** One {@code sendmmsg} batch of {@code datagrams} left a media thread (batched sends). */
    public void sendBatch(int datagrams) {
        batchedDatagrams.add(datagrams);
        sendCalls.increment();
    }

    /** Batches handed to the kernel, one {@code sendmmsg} each at least. */
    public long sendBatches() {
        return sendCalls.sum();
    }

    /** Datagrams sent in batches. */
    public long batchedDatagrams() {
        return batchedDatagrams.sum();
    }

    /** The delay the server adds to what it forwards (batched send path). */
    public DelayHistogram forwardDelay() {
        return forwardDelay;
    }

    /** How long received packets waited for their media thread (the first part of {@link #forwardDelay}). */
    public DelayHistogram queueDelay() {
        return queueDelay;
    }

    /** {@code packets} a room's thread handed to another media thread to protect and send (a spread fan-out). */
    public void spread(int packets) {
        spreadPackets.add(packets);
    }

    /** Packets sent for a room by another media thread than its own. */
    public long spreadPackets() {
        return spreadPackets.sum();
    }

    /** Sequence numbers subscribers asked to retransmit (one per lost packet, not per NACK packet). */
    public void nackReceived(int lostPackets) {
        nacksReceived.add(lostPackets);
    }

    /** Sequence numbers the server asked publishers to retransmit. */
    public void nackSent(int lostPackets) {
        nacksSent.add(lostPackets);
    }

    public void retransmissionSent() {
        retransmissionsSent.increment();
    }

    /**
     * A retransmission the subscriber's transport-wide feedback asked for (its NACK or the last retransmission was
     * lost); also counted in {@link #retransmissionSent}.
     */
    public void retransmissionAfterFeedback() {
        retransmissionsAfterFeedback.increment();
    }

    /** A NACKed packet that was no longer (or never) in the cache. */
    public void retransmissionMissed() {
        retransmissionsMissed.increment();
    }

    public void rtxReceived() {
        rtxReceived.increment();
    }

    public void twccFeedbackSent() {
        twccFeedbackSent.increment();
    }

    /** Where each subscriber's bandwidth estimate goes once a second (the metrics' distribution); none by default. */
    private volatile java.util.function.LongConsumer subscriberEstimates = bps -> { };

    public void onSubscriberEstimate(java.util.function.LongConsumer sink) {
        subscriberEstimates = sink;
    }

    /** A subscriber's current bandwidth estimate, sampled once a second per connected subscriber with feedback. */
    public void subscriberEstimate(long bps) {
        subscriberEstimates.accept(bps);
    }

    /** A padding-only packet sent to probe a subscriber's path. */
    public void paddingSent(int bytes) {
        paddingBytes.add(bytes);
    }

    public long paddingBytesSent() {
        return paddingBytes.sum();
    }

    public void keyframeRequestReceived() {
        pliReceived.increment();
    }

    public long nacksReceived() {
        return nacksReceived.sum();
    }

    public long nacksSent() {
        return nacksSent.sum();
    }

    public long retransmissionsSent() {
        return retransmissionsSent.sum();
    }

    public long retransmissionsAfterFeedback() {
        return retransmissionsAfterFeedback.sum();
    }

    public long retransmissionsMissed() {
        return retransmissionsMissed.sum();
    }

    public long rtxPacketsReceived() {
        return rtxReceived.sum();
    }

    public long twccFeedbackPacketsSent() {
        return twccFeedbackSent.sum();
    }

    public long keyframeRequestsReceived() {
        return pliReceived.sum();
    }

    public long packetsReceived() {
        return packetsReceived.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long packetsForwarded() {
        return packetsForwarded.sum();
    }

    public long bytesForwarded() {
        return bytesForwarded.sum();
    }

    public long rtcpPacketsSent() {
        return rtcpSent.sum();
    }

    public long keyframeRequests() {
        return keyframeRequests.sum();
    }

    public long dtlsHandshakesCompleted() {
        return dtlsHandshakes.sum();
    }

    public long dtlsHandshakesFailed() {
        return dtlsFailures.sum();
    }

    /** Datagrams that did not leave, for every reason. */
    public long sendErrors() {
        long sum = 0;
        for (LongAdder a : sendErrors) sum += a.sum();
        return sum;
    }

    public long sendErrors(SendErrorReason reason) {
        return sendErrors[reason.ordinal()].sum();
    }
}

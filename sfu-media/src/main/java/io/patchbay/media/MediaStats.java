package io.patchbay.media;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide media counters. LongAdders so any thread counts without contention; signaling exposes them to
 * Prometheus as function counters (media never imports Micrometer).
 */
public final class MediaStats {
    private final LongAdder[] dropped = new LongAdder[DropReason.values().length];
    private final LongAdder packetsReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder packetsForwarded = new LongAdder();
    private final LongAdder bytesForwarded = new LongAdder();
    private final LongAdder rtcpSent = new LongAdder();
    private final LongAdder keyframeRequests = new LongAdder();
    private final LongAdder dtlsHandshakes = new LongAdder();
    private final LongAdder dtlsFailures = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();

    public MediaStats() {
        for (int i = 0; i < dropped.length; i++) dropped[i] = new LongAdder();
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

    public void sendError() {
        sendErrors.increment();
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

    public long sendErrors() {
        return sendErrors.sum();
    }
}

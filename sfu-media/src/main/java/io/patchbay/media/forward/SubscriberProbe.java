package io.patchbay.media.forward;

import io.patchbay.media.cc.BandwidthEstimator;
import io.patchbay.media.cc.BandwidthUsage;

/**
 * Probes one subscriber's path when {@link ProbePolicy} says so: for half a second it tops what the subscriber
 * receives up to the probe's target with padding-only RTX packets (RFC 3550 5.1 padding on the RTX stream, which
 * browsers count for transport-wide feedback and then drop), while its {@link BandwidthEstimator} measures the
 * cluster; a good result raises the estimate and the allocator moves the subscriber up. Media-thread only.
 */
final class SubscriberProbe {
    /** Padding bytes per packet at most (the RTP padding count is one byte). */
    static final int MAX_PADDING_BYTES = 255;
    /** Loss above this in a feedback window means the path is lossy: no probing then, nor for a while after. */
    static final double LOSSY = 0.01;
    static final long QUIET_AFTER_LOSS_NANOS = 5_000_000_000L;

    private final ProbePolicy policy = new ProbePolicy();
    private boolean sending;
    private boolean awaitingResult;
    private long endsNanos;
    private long lastTickNanos;
    private long targetBps;
    private double creditBytes;
    /** Set by the allocation: what the subscriber would take, and what it gets, in bps. */
    long wantedBps;
    long allocatedBps;
    long probesStarted;
    private long lastLossNanos = Long.MIN_VALUE;

    void tick(TransportBinding subscriber, long nowNanos) {
        BandwidthEstimator e = subscriber.bandwidth;
        if (e == null || e.acknowledgedBps() == 0 || !subscriber.transport.isConnected()) return;
        if (sending) {
            if (nowNanos - endsNanos >= 0) {
                e.endProbe(nowNanos);
                sending = false;
                awaitingResult = true;
                return;
            }
            creditBytes += Math.max(0, targetBps - allocatedBps) * ((nowNanos - lastTickNanos) / 8e9);
            lastTickNanos = nowNanos;
            Consumer carrier = carrier(subscriber);
            while (carrier != null && creditBytes >= MAX_PADDING_BYTES) {
                if (!carrier.sendPadding(MAX_PADDING_BYTES, nowNanos)) break;
                creditBytes -= MAX_PADDING_BYTES;
            }
            return;
        }
        if (awaitingResult) {
            if (e.probeInProgress()) return;
            awaitingResult = false;
            policy.onResult(nowNanos, targetBps, e.lastProbeResultBps());
        }
        // A lossy path (random loss, or a queue overflowing) gains nothing from probes: more rate means more loss, and a
        // higher estimate lets publishers send more into it.
        if (e.lossFraction() > LOSSY) lastLossNanos = nowNanos;
        boolean congested = e.state() == BandwidthUsage.OVERUSING
                || lastLossNanos != Long.MIN_VALUE && nowNanos - lastLossNanos < QUIET_AFTER_LOSS_NANOS;
        if (congested) policy.onCongestion(nowNanos);
        if (!policy.shouldStart(nowNanos, e.estimateBps(), wantedBps, congested) || carrier(subscriber) == null) return;
        targetBps = ProbePolicy.targetBps(e.estimateBps(), wantedBps);
        e.startProbe();
        sending = true;
        probesStarted++;
        endsNanos = nowNanos + ProbePolicy.PROBE_NANOS;
        lastTickNanos = nowNanos;
        creditBytes = 0;
    }

    /** A video consumer with RTX that has sent media: its RTX stream carries the padding. */
    private static Consumer carrier(TransportBinding subscriber) {
        for (int i = 0; i < subscriber.consumers.size(); i++) {
            Consumer c = subscriber.consumers.get(i);
            if (c.canCarryPadding()) return c;
        }
        return null;
    }
}

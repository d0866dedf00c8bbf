package io.patchbay.media.cc;

/**
 * Downstream bandwidth estimate of one subscriber transport, from transport-wide congestion control feedback, in the
 * manner of Google Congestion Control (draft-ietf-rmcat-gcc-02, libwebrtc's send-side BWE):
 *
 * <pre>
 *  onSent -----------> PacketFeedbackHistory (ring: seq16 -> send time, size, status)
 *  onPacketResult ---> resolves each reported seq; lost / received counts -> LossBasedController
 *  onFeedbackDone ---> received packets sorted by receive time
 *                        |-> AcknowledgedBitrateEstimator ----------------------------> acked bps
 *                        '-> DelayBasedInterArrival -> TrendlineEstimator -> OveruseDetector (state)
 *                                              state + acked bps -> AimdRateController -> delay-based bps
 *                      LossBasedController (re-based on the combined estimate) -------> loss-based bps
 *                      estimate = clamp(min(delay-based, loss-based), min, max)
 * </pre>
 *
 * <p>Use: {@link #onSent} for every packet carrying a transport-wide sequence number; for each feedback, one
 * {@link #onPacketResult} per reported packet and then {@link #onFeedbackDone}; {@link #onRtt} whenever an RTT is
 * measured (RTCP RR LSR/DLSR). Sequence numbers that were never sent, are too old, or are reported twice are counted
 * and otherwise ignored.
 *
 * <p>Until the first decrease (delay overuse or loss) both controllers grow by
 * {@link BandwidthEstimatorConfig#startupGrowthPerSecond()} per second instead of 8%: libwebrtc ramps up by probing,
 * which this class does not do.
 *
 * <p>Pure: all times are nanoseconds passed in (send and "now" times on the local clock, receive times on the
 * remote clock, of which only differences are used); no clock reads, no I/O. Allocation-free after construction.
 * Not thread-safe: owned by the media thread that sends on the transport, which makes every call.
 */
public final class BandwidthEstimator {
    private final BandwidthEstimatorConfig config;
    private final PacketFeedbackHistory history;
    private final AcknowledgedBitrateEstimator acknowledged = new AcknowledgedBitrateEstimator();
    private final AimdRateController aimd;
    private final DelayBasedEstimator delayBased;
    private final LossBasedController lossBased;

    private final long[] batchSendNanos;
    private final long[] batchReceiveNanos;
    private final int[] batchSizeBytes;
    private final int[] batchOrder;
    private int batchCount;
    private boolean batchProcessedInFeedback;

    private long estimateBps;
    private final ProbeClusterMeter probe = new ProbeClusterMeter();
    private int nextClusterId = 1;
    /** Packets sent now belong to the probe cluster {@link ProbeClusterMeter#clusterId()}. */
    private boolean probing;
    private boolean probePending;
    private long probeEndNanos;
    private long lastProbeResultBps = -1;
    private long rttNanos = AimdRateController.DEFAULT_RTT_NANOS;
    private long unknownResults;
    private long duplicateResults;

    public BandwidthEstimator() {
        this(BandwidthEstimatorConfig.DEFAULT);
    }

    public BandwidthEstimator(BandwidthEstimatorConfig config) {
        this.config = config;
        history = new PacketFeedbackHistory(config.historyCapacity());
        aimd = new AimdRateController(config.initialBps(), config.minBps(), config.maxBps(),
                config.startupGrowthPerSecond());
        delayBased = new DelayBasedEstimator(aimd);
        lossBased = new LossBasedController(config.initialBps(), config.minBps(), config.maxBps(),
                config.startupGrowthPerSecond());
        int n = config.maxPacketsPerFeedback();
        batchSendNanos = new long[n];
        batchReceiveNanos = new long[n];
        batchSizeBytes = new int[n];
        batchOrder = new int[n];
        estimateBps = config.initialBps();
    }

    /** A packet with transport-wide sequence number {@code transportSeq16} left at {@code sendNanos} (local). */
    public void onSent(int transportSeq16, long sendNanos, int sizeBytes) {
        if (probing) {
            history.onSent(transportSeq16, sendNanos, sizeBytes, probe.clusterId());
            probe.onSent(sendNanos, sizeBytes);
        } else {
            history.onSent(transportSeq16, sendNanos, sizeBytes);
        }
    }

    /**
     * Starts a probe cluster: every packet sent until {@link #endProbe} (media and the caller's padding) is measured
     * together; when its feedback is in, an estimate below what the path demonstrably carried is raised to it
     * (libwebrtc ramps up the same way instead of growing 8% a second). A cluster still waiting for feedback is
     * dropped.
     */
    public void startProbe() {
        probe.start(nextClusterId++);
        if (nextClusterId == Integer.MAX_VALUE) nextClusterId = 1;
        probing = true;
        probePending = true;
    }

    /** Ends the current probe cluster's sending; its result comes with the feedback. */
    public void endProbe(long nowNanos) {
        if (!probing) return;
        probing = false;
        probeEndNanos = nowNanos;
    }

    /** True while a probe is being sent or its result awaited. */
    public boolean probeInProgress() {
        return probing || probePending;
    }

    /** What the last finished probe measured, in bps; -1 when it measured nothing or none finished yet. */
    public long lastProbeResultBps() {
        return lastProbeResultBps;
    }

    /**
     * One packet of a feedback: received at {@code receiveNanos} on the remote clock, or not received (then
     * {@code receiveNanos} is ignored). Feedback may list packets in any order.
     */
    public void onPacketResult(int transportSeq16, boolean received, long receiveNanos) {
        int slot = history.find(transportSeq16);
        if (slot == PacketFeedbackHistory.NOT_FOUND) {
            unknownResults++;
            return;
        }
        byte status = history.status(slot);
        if (!received) {
            if (status != PacketFeedbackHistory.UNREPORTED) {
                duplicateResults++;
                return;
            }
            history.markLost(slot);
            lossBased.onPacketReported(false);
            if (probePending && history.cluster(slot) == probe.clusterId()) probe.onResult(false, 0, 0);
            return;
        }
        if (status == PacketFeedbackHistory.RECEIVED) {
            duplicateResults++;
            return;
        }
        if (status == PacketFeedbackHistory.LOST) {
            lossBased.onLateArrival();
        } else {
            lossBased.onPacketReported(true);
        }
        history.markReceived(slot);
        if (probePending && history.cluster(slot) == probe.clusterId()) {
            probe.onResult(true, receiveNanos, history.sizeBytes(slot));
        }
        if (batchCount == batchSendNanos.length) {
            processBatch(); // an oversized feedback: process what is buffered, keep going
        }
        batchSendNanos[batchCount] = history.sendNanos(slot);
        batchReceiveNanos[batchCount] = receiveNanos;
        batchSizeBytes[batchCount] = history.sizeBytes(slot);
        batchCount++;
    }

    /** Ends the feedback whose results were just given; {@code nowNanos} is the local time it arrived. */
    public void onFeedbackDone(long nowNanos) {
        // Only an oversized feedback has had a slice processed already, ahead of this silence check.
        delayBased.onFeedbackStart(nowNanos);
        processBatch();
        long ackedBps = acknowledged.bitrateBps();
        if (batchProcessedInFeedback) {
            delayBased.onFeedbackEnd(nowNanos, ackedBps);
        }
        batchProcessedInFeedback = false;
        long combined = combine();
        if (lossBased.maybeUpdate(nowNanos, combined, rttNanos, Math.max(0, ackedBps))) {
            combined = combine();
        }
        if (!aimd.inStartup() || !lossBased.inStartup()) {
            aimd.endStartup();
            lossBased.endStartup();
        }
        estimateBps = combined;
        finishProbe(nowNanos);
    }

    /**
     * Once most of a finished cluster has been reported (or a second after it ended), its measurement raises an
     * estimate below it, unless the delay detector sees the queue growing.
     */
    private void finishProbe(long nowNanos) {
        if (!probePending || probing) return;
        boolean reported = probe.reported() >= probe.sent() * 9 / 10;
        if (!reported && nowNanos - probeEndNanos < 1_000_000_000L) return;
        probePending = false;
        lastProbeResultBps = probe.resultBps();
        if (lastProbeResultBps <= estimateBps || delayBased.state() == BandwidthUsage.OVERUSING) return;
        aimd.setEstimate(lastProbeResultBps, nowNanos);
        lossBased.raiseTo(lastProbeResultBps);
        estimateBps = combine();
    }

    /** A round-trip time measured at {@code nowNanos}; sets the AIMD response time and the loss decrease interval. */
    public void onRtt(long rttNanos, long nowNanos) {
        if (rttNanos <= 0) {
            return;
        }
        this.rttNanos = rttNanos;
        aimd.setRtt(rttNanos);
    }

    /** The estimate to pace and allocate layers by, in bps, within the configured bounds. */
    public long estimateBps() {
        return estimateBps;
    }

    /** Acknowledged (received) bitrate in bps, or 0 before it is known. */
    public long acknowledgedBps() {
        return Math.max(0, acknowledged.bitrateBps());
    }

    /** Loss fraction (0..1) of the last closed loss window. */
    public double lossFraction() {
        return lossBased.lossFraction();
    }

    /** Loss the path shows whatever the rate, which loss must exceed to lower the estimate. */
    public double inherentLossFraction() {
        return lossBased.inherentLossFraction();
    }

    /** The delay-based detector's conclusion from the latest feedback. */
    public BandwidthUsage state() {
        return delayBased.state();
    }

    public long delayBasedBps() {
        return delayBased.estimateBps();
    }

    public long lossBasedBps() {
        return lossBased.estimateBps();
    }

    /**
     * When the path last showed congestion (a delay-based or loss-based decrease), or {@link Long#MIN_VALUE} if never.
     * Until then the estimate only says what the path carried, not what it cannot carry.
     */
    public long lastCongestionNanos() {
        return Math.max(aimd.lastDecreaseNanos(), lossBased.lastDecreaseNanos());
    }

    /** Times loss has cut the loss-based rate. */
    public long lossDecreases() {
        return lossBased.decreases();
    }

    /** True until the first decrease from delay or loss. */
    public boolean inStartup() {
        return aimd.inStartup() && lossBased.inStartup();
    }

    public long rttNanos() {
        return rttNanos;
    }

    /** Results for sequence numbers never sent or no longer in the history. */
    public long unknownResults() {
        return unknownResults;
    }

    /** Results repeating what an earlier feedback already said. */
    public long duplicateResults() {
        return duplicateResults;
    }

    public BandwidthEstimatorConfig config() {
        return config;
    }

    private long combine() {
        long combined = Math.min(delayBased.estimateBps(), lossBased.estimateBps());
        return Math.max(config.minBps(), Math.min(config.maxBps(), combined));
    }

    /** Sorts the buffered received packets by receive time (insertion sort: nearly sorted already) and feeds them. */
    private void processBatch() {
        if (batchCount == 0) {
            return;
        }
        for (int i = 0; i < batchCount; i++) {
            long key = batchReceiveNanos[i];
            int j = i - 1;
            while (j >= 0 && batchReceiveNanos[batchOrder[j]] > key) {
                batchOrder[j + 1] = batchOrder[j];
                j--;
            }
            batchOrder[j + 1] = i;
        }
        for (int i = 0; i < batchCount; i++) {
            int k = batchOrder[i];
            acknowledged.onPacketReceived(batchReceiveNanos[k], batchSizeBytes[k]);
            delayBased.onPacket(batchSendNanos[k], batchReceiveNanos[k], batchSizeBytes[k]);
        }
        batchCount = 0;
        batchProcessedInFeedback = true;
    }
}

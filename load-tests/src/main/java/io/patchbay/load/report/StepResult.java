package io.patchbay.load.report;

/**
 * One load level held for {@code durationS} seconds (after a settle period), as measured by the generator's sinks
 * and from the server's process and metrics.
 *
 * @param publishers              publishing participants at this step
 * @param subscribers             subscribing participants (a participant in a meeting counts once in each)
 * @param rooms                   rooms in use
 * @param durationS               measured window
 * @param packetsExpected         packets the sinks should have received in the window (sent x fan-out)
 * @param packetsReceived         packets the sinks received in the window (authenticated samples and counted rest)
 * @param forwardedPps            packets per second arriving at the sinks (= server egress of media)
 * @param lossFraction            1 - received / expected, from per-stream RTP sequence numbers
 * @param serverCpuSeconds        user+system CPU of the server process in the window ({@code /proc/<pid>/stat})
 * @param serverCpuUsPerPacket    server CPU microseconds per forwarded packet
 * @param serverCpuCores          server CPU seconds per wall second
 * @param generatorCpuUsPerPacket the generator's own CPU microseconds per received packet
 * @param delayMs                 one-way delay publisher send -> sink receive (same clock), sampled packets
 * @param delayHistogramMs        the same samples in buckets
 * @param joinMs                  join sent -> first media packet, for the participants that joined in this step
 * @param serverHeapUsedBytes     server heap in use at the end of the step, or -1 if the server does not report it
 * @param gcPauseTotalMs          GC pause time in the window, or -1 if unknown
 * @param gcPauseMaxMs            longest GC pause seen by the server's metrics, or -1 if unknown
 * @param bareBatchedUsPerPacket  the kernel's own CPU per datagram for the same rate, size and sinks, sent in
 *                                {@code sendmmsg} batches of 64 by a bare sender on the SFU's port (NaN: not measured)
 * @param bareSingleUsPerPacket   the same with one {@code sendto} per datagram (NaN: not measured)
 * @param serverDelayMs           the delay the server says it added (its own histogram, bucket upper bounds: "at
 *                                most"), per datagram forwarded in the window; EMPTY when the server keeps none
 * @param serverJitCpuSeconds     the part of {@code serverCpuSeconds} spent by the server's JIT compiler threads
 *                                (0 for a server without a JIT; NaN: not measured): a start-up cost that a server
 *                                running for hours no longer pays
 */
public record StepResult(
        int publishers,
        int subscribers,
        int rooms,
        double durationS,
        long packetsExpected,
        long packetsReceived,
        double forwardedPps,
        double lossFraction,
        double serverCpuSeconds,
        double serverCpuUsPerPacket,
        double serverCpuCores,
        double generatorCpuUsPerPacket,
        Percentiles delayMs,
        Histogram delayHistogramMs,
        Percentiles joinMs,
        long serverHeapUsedBytes,
        double gcPauseTotalMs,
        double gcPauseMaxMs,
        double bareBatchedUsPerPacket,
        double bareSingleUsPerPacket,
        Percentiles serverDelayMs,
        double serverJitCpuSeconds) {
    public StepResult {
        if (serverDelayMs == null) serverDelayMs = Percentiles.EMPTY;
    }

    /** Server CPU per forwarded packet spent compiling (JIT), NaN when not measured. */
    public double serverJitUsPerPacket() {
        return packetsReceived == 0 ? Double.NaN : serverJitCpuSeconds * 1e6 / packetsReceived;
    }
}

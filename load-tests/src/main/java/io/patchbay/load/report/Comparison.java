package io.patchbay.load.report;

/**
 * Patchbay against Janus for one scenario and load, medians over the alternated repetitions.
 *
 * @param scenario                 scenario name
 * @param subscribers              load (subscribers) the figures are for
 * @param patchbayCpuUsPerPacket   median server CPU per forwarded packet, Patchbay
 * @param janusCpuUsPerPacket      the same for Janus
 * @param cpuRatio                 patchbay / janus (target <= 0.5)
 * @param patchbayDelayP99Ms       median of the repetitions' delay p99, Patchbay
 * @param janusDelayP99Ms          the same for Janus
 * @param patchbayJoinP50Ms        median join p50, Patchbay
 * @param janusJoinP50Ms           the same for Janus
 * @param repetitions              alternated runs per server
 * @param bareUsPerPacket          median CPU per datagram of the bare kernel baseline (sendmmsg batches) in the
 *                                 Patchbay runs at this level, NaN if not measured
 * @param bareRatio                patchbay / bare (target <= 1.5)
 * @param patchbayServerDelayP99Ms median of the repetitions' p99 of the delay Patchbay says it added (its own
 *                                 histogram: from reading a datagram to sending what it caused), NaN if not known
 * @param patchbayJitUsPerPacket   median of the part of {@code patchbayCpuUsPerPacket} that Patchbay's JIT compiler
 *                                 threads spent (a start-up cost; Janus, compiled ahead, has none), NaN if unknown
 */
public record Comparison(
        String scenario,
        int subscribers,
        double patchbayCpuUsPerPacket,
        double janusCpuUsPerPacket,
        double cpuRatio,
        double patchbayDelayP99Ms,
        double janusDelayP99Ms,
        double patchbayJoinP50Ms,
        double janusJoinP50Ms,
        int repetitions,
        double bareUsPerPacket,
        double bareRatio,
        double patchbayServerDelayP99Ms,
        double patchbayJitUsPerPacket) {
}

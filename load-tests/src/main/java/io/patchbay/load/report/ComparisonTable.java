package io.patchbay.load.report;

import java.util.List;

/** The Patchbay-versus-Janus table: one row per {@link Comparison}, with the CPU ratio checked against its target. */
final class ComparisonTable {

    /** Patchbay should need at most 0.35 of Janus's CPU per forwarded packet (performance round 2). */
    static final double CPU_RATIO_TARGET = 0.35;
    /** ... and at most 1.5 times what the kernel alone costs for the same datagrams (the bare baseline). */
    static final double BARE_RATIO_TARGET = 1.5;

    private static final List<Column<Comparison>> COLUMNS = List.of(
            Column.text("scenario", c -> c.scenario()),
            Column.figure("subs", c -> Integer.toString(c.subscribers())),
            Column.figure("patchbay\nus/pkt", c -> Figures.fixed(c.patchbayCpuUsPerPacket(), 2)),
            Column.figure("patchbay JIT\nus/pkt", c -> Figures.fixedIfMeasured(c.patchbayJitUsPerPacket(), 2)),
            Column.figure("janus\nus/pkt", c -> Figures.fixed(c.janusCpuUsPerPacket(), 2)),
            Column.figure("CPU\nratio", c -> Figures.fixed(c.cpuRatio(), 2)),
            Column.text("target\n<= 0.35", c -> verdict(c.cpuRatio(), CPU_RATIO_TARGET)),
            Column.figure("bare\nus/pkt", c -> Figures.fixedIfMeasured(c.bareUsPerPacket(), 2)),
            Column.figure("x bare", c -> Figures.fixedIfMeasured(c.bareRatio(), 2)),
            Column.text("target\n<= 1.5", c -> verdict(c.bareRatio(), BARE_RATIO_TARGET)),
            Column.figure("patchbay\ndelay p99 ms", c -> Figures.fixed(c.patchbayDelayP99Ms(), 1)),
            Column.figure("janus\ndelay p99 ms", c -> Figures.fixed(c.janusDelayP99Ms(), 1)),
            Column.figure("patchbay\nsrv-add p99", c -> Figures.fixed(c.patchbayServerDelayP99Ms(), 2)),
            Column.figure("patchbay\njoin p50 ms", c -> Figures.fixed(c.patchbayJoinP50Ms(), 0)),
            Column.figure("janus\njoin p50 ms", c -> Figures.fixed(c.janusJoinP50Ms(), 0)),
            Column.figure("reps", c -> Integer.toString(c.repetitions())));

    private ComparisonTable() {
    }

    static Table of(List<Comparison> comparisons) {
        return Column.table(COLUMNS, comparisons, -1);
    }

    /** "met", "missed by 0.12" (ratio above the target), or {@link Figures#NONE} when there is no ratio. */
    static String verdict(double ratio, double target) {
        if (!Double.isFinite(ratio)) {
            return Figures.NONE;
        }
        if (ratio <= target) {
            return "met";
        }
        double excess = ratio - target;
        return "missed by " + Figures.fixed(excess, excess < 0.01 ? 3 : 2);
    }
}

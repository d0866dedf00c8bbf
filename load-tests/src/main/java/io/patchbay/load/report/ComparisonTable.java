package io.patchbay.load.report;

import java.util.List;

/** The Patchbay-versus-Janus table: one row per {@link Comparison}, with the CPU ratio checked against its target. */
final class ComparisonTable {

    /** Patchbay should need at most half of Janus's CPU per forwarded packet. */
    static final double CPU_RATIO_TARGET = 0.5;

    private static final List<Column<Comparison>> COLUMNS = List.of(
            Column.text("scenario", c -> c.scenario()),
            Column.figure("subs", c -> Integer.toString(c.subscribers())),
            Column.figure("patchbay\nus/pkt", c -> Figures.fixed(c.patchbayCpuUsPerPacket(), 2)),
            Column.figure("janus\nus/pkt", c -> Figures.fixed(c.janusCpuUsPerPacket(), 2)),
            Column.figure("CPU\nratio", c -> Figures.fixed(c.cpuRatio(), 2)),
            Column.text("target\n<= 0.5", c -> verdict(c.cpuRatio())),
            Column.figure("patchbay\ndelay p99 ms", c -> Figures.fixed(c.patchbayDelayP99Ms(), 1)),
            Column.figure("janus\ndelay p99 ms", c -> Figures.fixed(c.janusDelayP99Ms(), 1)),
            Column.figure("patchbay\njoin p50 ms", c -> Figures.fixed(c.patchbayJoinP50Ms(), 0)),
            Column.figure("janus\njoin p50 ms", c -> Figures.fixed(c.janusJoinP50Ms(), 0)),
            Column.figure("reps", c -> Integer.toString(c.repetitions())));

    private ComparisonTable() {
    }

    static Table of(List<Comparison> comparisons) {
        return Column.table(COLUMNS, comparisons, -1);
    }

    /** "met", "missed by 0.12" (ratio above the target), or {@link Figures#NONE} when there is no ratio. */
    static String verdict(double cpuRatio) {
        if (!Double.isFinite(cpuRatio)) {
            return Figures.NONE;
        }
        if (cpuRatio <= CPU_RATIO_TARGET) {
            return "met";
        }
        double excess = cpuRatio - CPU_RATIO_TARGET;
        return "missed by " + Figures.fixed(excess, excess < 0.01 ? 3 : 2);
    }
}

package io.patchbay.load.report;

import java.util.ArrayList;
import java.util.List;

/** The table of one {@link ServerRun}: one row per ramp step, the knee step marked. */
final class StepTable {

    private static final List<Column<IndexedStep>> COLUMNS = List.of(
            Column.figure("step", s -> Integer.toString(s.index())),
            Column.figure("pubs", s -> Integer.toString(s.step().publishers())),
            Column.figure("subs", s -> Integer.toString(s.step().subscribers())),
            Column.figure("rooms", s -> Integer.toString(s.step().rooms())),
            Column.figure("fwd\npkt/s", s -> Figures.fixed(s.step().forwardedPps(), 0)),
            Column.figure("loss\n%", s -> Figures.percent(s.step().lossFraction(), 2)),
            Column.figure("srv CPU\nus/pkt", s -> Figures.fixed(s.step().serverCpuUsPerPacket(), 2)),
            Column.figure("of it\nJIT", s -> Figures.fixedIfMeasured(s.step().serverJitUsPerPacket(), 2)),
            Column.figure("bare\nus/pkt", s -> Figures.fixedIfMeasured(s.step().bareBatchedUsPerPacket(), 2)),
            Column.figure("x bare", s -> Figures.fixedIfMeasured(
                    s.step().serverCpuUsPerPacket() / s.step().bareBatchedUsPerPacket(), 2)),
            Column.figure("srv\ncores", s -> Figures.fixed(s.step().serverCpuCores(), 3)),
            Column.figure("gen CPU\nus/pkt", s -> Figures.fixed(s.step().generatorCpuUsPerPacket(), 2)),
            Column.figure("delay\np50 ms", s -> Figures.fixed(s.delay().p50(), 1)),
            Column.figure("delay\np99 ms", s -> Figures.fixed(s.delay().p99(), 1)),
            Column.figure("delay\nmax ms", s -> Figures.fixed(s.delay().max(), 1)),
            Column.figure("srv-add\np50 ms", s -> Figures.fixed(s.step().serverDelayMs().p50(), 2)),
            Column.figure("srv-add\np99 ms", s -> Figures.fixed(s.step().serverDelayMs().p99(), 2)),
            Column.figure("join\np50 ms", s -> Figures.fixed(s.join().p50(), 0)),
            Column.figure("join\np99 ms", s -> Figures.fixed(s.join().p99(), 0)),
            Column.figure("heap\nMiB", s -> Figures.mebibytes(s.step().serverHeapUsedBytes())),
            Column.figure("GC\nms", s -> Figures.fixedOrUnknown(s.step().gcPauseTotalMs(), 1)),
            Column.figure("GC max\nms", s -> Figures.fixedOrUnknown(s.step().gcPauseMaxMs(), 1)),
            Column.text("", s -> s.knee() ? "<- knee" : ""));

    private StepTable() {
    }

    static Table of(ServerRun run) {
        List<IndexedStep> steps = new ArrayList<>();
        List<StepResult> all = ReportParts.steps(run);
        for (int i = 0; i < all.size(); i++) {
            steps.add(new IndexedStep(i, all.get(i), i == run.kneeStep()));
        }
        return Column.table(COLUMNS, steps, run.kneeStep());
    }

    /** A step with its position in the ramp. */
    private record IndexedStep(int index, StepResult step, boolean knee) {
        Percentiles delay() {
            return step.delayMs() == null ? Percentiles.EMPTY : step.delayMs();
        }

        Percentiles join() {
            return step.joinMs() == null ? Percentiles.EMPTY : step.joinMs();
        }
    }
}

package io.patchbay.load;

import io.patchbay.load.report.Comparison;
import io.patchbay.load.report.ServerRun;
import io.patchbay.load.report.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The project's performance targets, checked against a report's runs and written as notes (met, or missed by how
 * much): join time p50 <= 300 ms on loopback; added delay p99 <= 1 ms at half the knee load; server CPU per forwarded
 * packet <= 0.35 x Janus's on the same run and <= 1.5 x the kernel's own cost of the same datagrams (the bare
 * baseline measured at the same step).
 */
final class Targets {
    static final double JOIN_P50_MS = 300;
    static final double DELAY_P99_MS = 1;
    static final double CPU_RATIO = 0.35;
    static final double BARE_RATIO = 1.5;

    private Targets() {
    }

    static List<String> evaluate(List<ServerRun> runs, List<Comparison> comparisons) {
        List<String> notes = new ArrayList<>();
        for (ServerRun run : runs) {
            if (!run.server().equals("patchbay") || run.steps().isEmpty()) continue;
            String name = run.scenario() + " #" + run.repetition();
            StepResult first = run.steps().get(0);
            notes.add(verdict("join p50 (" + name + ", " + first.subscribers() + " receivers)", first.joinMs().p50(),
                    JOIN_P50_MS, "ms"));
            StepResult half = halfKnee(run);
            if (half != null) {
                String where = run.kneeStep() >= 0
                        ? "half the knee (knee at " + run.steps().get(run.kneeStep()).subscribers() + " receivers)"
                        : "half the highest load measured (no knee reached)";
                notes.add(verdict("delay p99 at " + where + ", " + half.subscribers() + " receivers (" + name + ")",
                        half.delayMs().p99(), DELAY_P99_MS, "ms"));
                if (half.serverDelayMs().count() > 0) {
                    notes.add(verdict("server-added delay p99 (its own histogram, bucket bound) at " + where + ", "
                            + half.subscribers() + " receivers (" + name + ")", half.serverDelayMs().p99(),
                            DELAY_P99_MS, "ms"));
                }
            }
            for (StepResult s : run.steps()) {
                if (Double.isNaN(s.bareBatchedUsPerPacket())) continue;
                notes.add(verdict("CPU per packet vs the bare kernel (" + name + ", " + s.subscribers() + " receivers: "
                        + fmt(s.serverCpuUsPerPacket()) + " vs " + fmt(s.bareBatchedUsPerPacket()) + " us)",
                        s.serverCpuUsPerPacket() / s.bareBatchedUsPerPacket(), BARE_RATIO, "x"));
            }
        }
        for (Comparison c : comparisons) {
            notes.add(verdict("CPU per packet vs Janus (" + c.scenario() + ", " + c.subscribers() + " receivers)",
                    c.cpuRatio(), CPU_RATIO, "x"));
        }
        return notes;
    }

    /**
     * The highest measured step that forwarded at most half of what the knee step (or, without a knee, the last step)
     * forwarded; the first step if even that one forwarded more.
     */
    static StepResult halfKnee(ServerRun run) {
        int k = run.kneeStep() >= 0 ? run.kneeStep() : run.steps().size() - 1;
        double half = run.steps().get(k).forwardedPps() / 2;
        StepResult best = run.steps().get(0);
        for (int i = 0; i <= k; i++) {
            StepResult s = run.steps().get(i);
            if (s.forwardedPps() <= half) best = s;
        }
        return best;
    }

    private static String verdict(String what, double measured, double target, String unit) {
        if (Double.isNaN(measured)) return "target " + what + " <= " + fmt(target) + " " + unit + ": not measured";
        String result = measured <= target ? "met" : "MISSED by " + fmt(measured - target) + " " + unit;
        return String.format(Locale.ROOT, "target %s <= %s %s: %s %s, %s", what, fmt(target), unit, fmt(measured), unit,
                result);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
    }
}

package io.patchbay.load.report;

import java.io.PrintStream;

/**
 * The report as plain text for the terminal: per run a headline and its step table, then the Patchbay-versus-Janus
 * table if there is one, then the notes. No colours, no tabs; columns aligned with spaces.
 */
public final class ReportTable {

    private ReportTable() {
    }

    /** The whole text, ending with a newline. */
    public static String render(LoadReport report) {
        StringBuilder out = new StringBuilder();
        for (ServerRun run : ReportParts.runs(report)) {
            out.append(RunHeadline.of(run)).append('\n');
            out.append(TextTable.render(StepTable.of(run))).append('\n');
        }
        for (JoinRun run : ReportParts.joinRuns(report)) {
            out.append(JoinTimeTable.render(run)).append('\n');
        }
        if (!ReportParts.comparisons(report).isEmpty()) {
            out.append("Patchbay vs Janus (medians over repetitions; CPU ratio = patchbay / janus, target <= ")
                    .append(Figures.fixed(ComparisonTable.CPU_RATIO_TARGET, 2)).append(")\n");
            out.append(TextTable.render(ComparisonTable.of(ReportParts.comparisons(report)))).append('\n');
        }
        if (!ReportParts.notes(report).isEmpty()) {
            out.append("Notes:\n");
            for (String note : ReportParts.notes(report)) {
                out.append("  - ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    /** Prints {@link #render} to {@code out} (e.g. {@code System.out}). */
    public static void print(LoadReport report, PrintStream out) {
        out.print(render(report));
        out.flush();
    }
}

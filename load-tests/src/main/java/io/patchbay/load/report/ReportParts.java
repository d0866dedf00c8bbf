package io.patchbay.load.report;

import java.util.List;
import java.util.Objects;

/** Null-safe access to the report's lists, so that a partly filled report (e.g. after a failed run) still renders. */
final class ReportParts {

    private ReportParts() {
    }

    static List<ServerRun> runs(LoadReport report) {
        return orEmpty(report.runs());
    }

    static List<StepResult> steps(ServerRun run) {
        return orEmpty(run.steps());
    }

    static List<Comparison> comparisons(LoadReport report) {
        return orEmpty(report.comparisons());
    }

    static List<JoinRun> joinRuns(LoadReport report) {
        return orEmpty(report.joinRuns());
    }

    static List<String> notes(LoadReport report) {
        return orEmpty(report.notes());
    }

    static List<String> settings(LoadReport report) {
        return orEmpty(report.settings());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }
}

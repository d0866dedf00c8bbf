package io.patchbay.load.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The table of one {@link JoinRun}: one row per {@link JoinPhase} with how many joins reached it and the p50, p90
 * and max of its time since the join started, then the time since the phase it follows ({@link JoinPhase#after}).
 * Percentiles are nearest-rank over the joins that reached the phase (and, for the step, its predecessor too).
 */
public final class JoinTimeTable {

    private static final List<Column<PhaseRow>> COLUMNS = List.of(
            Column.text("phase", r -> r.phase().label()),
            Column.figure("reached", r -> r.sinceStart().count() + "/" + r.joins()),
            Column.figure("p50\nms", r -> Figures.fixed(r.sinceStart().p50(), 1)),
            Column.figure("p90\nms", r -> Figures.fixed(r.sinceStart().p90(), 1)),
            Column.figure("max\nms", r -> Figures.fixed(r.sinceStart().max(), 1)),
            Column.text("after", r -> r.phase().afterLabel()),
            Column.figure("step p50\nms", r -> Figures.fixed(r.step().p50(), 1)),
            Column.figure("step p90\nms", r -> Figures.fixed(r.step().p90(), 1)),
            Column.figure("step max\nms", r -> Figures.fixed(r.step().max(), 1)));

    private JoinTimeTable() {
    }

    /** One phase's figures. */
    record PhaseRow(JoinPhase phase, int joins, Percentiles sinceStart, Percentiles step) {
    }

    static Table of(JoinRun run) {
        return Column.table(COLUMNS, rows(run), -1);
    }

    /** The rows, in {@link JoinPhase} order. */
    static List<PhaseRow> rows(JoinRun run) {
        List<JoinRecord> joins = joins(run);
        List<PhaseRow> rows = new ArrayList<>();
        for (JoinPhase phase : JoinPhase.values()) {
            rows.add(new PhaseRow(phase, joins.size(), sinceStart(joins, phase), step(joins, phase)));
        }
        return rows;
    }

    /** Time since the start of the joins that reached {@code phase}. */
    static Percentiles sinceStart(List<JoinRecord> joins, JoinPhase phase) {
        return Percentiles.of(joins.stream().mapToDouble(j -> j.ms(phase)).filter(Double::isFinite).toArray());
    }

    /** Time from {@code phase.after()} (or the start) to {@code phase}, over the joins that reached both. */
    static Percentiles step(List<JoinRecord> joins, JoinPhase phase) {
        double[] steps = joins.stream()
                .mapToDouble(j -> j.ms(phase) - (phase.after() == null ? 0 : j.ms(phase.after())))
                .filter(Double::isFinite).toArray();
        return Percentiles.of(steps);
    }

    /** E.g. {@code patchbay 0.1.0 | scenario join | 2 publishers in the room | 30 joins, 0 failed | AEAD_AES_128_GCM}. */
    static String headline(JoinRun run) {
        return (run.server() == null ? "?" : run.server()) + " " + (run.version() == null ? "?" : run.version())
                + " | scenario join | repetition " + run.repetition()
                + " | " + run.publishers() + " publishers in the room"
                + " | " + joins(run).size() + " joins, " + run.failedCount() + " failed"
                + " | " + (run.srtpProfile() == null ? "?" : run.srtpProfile());
    }

    /** One line per failed join: which, where it stopped, what was noted. */
    static List<String> failures(JoinRun run) {
        List<String> out = new ArrayList<>();
        for (JoinRecord j : joins(run)) {
            if (!j.failed()) continue;
            String stopped = Arrays.stream(JoinPhase.values()).filter(p -> p.id().equals(j.stoppedAt()))
                    .map(JoinPhase::label).findFirst().orElse(String.valueOf(j.stoppedAt()));
            String notes = j.notes() == null || j.notes().isEmpty() ? "" : " (" + String.join("; ", j.notes()) + ")";
            out.add("join " + j.index() + " (" + j.name() + ") FAILED: no keyframe within "
                    + Figures.fixed(run.deadlineMs(), 0) + " ms, stopped at: " + stopped + notes);
        }
        return out;
    }

    /** Headline, table and failures as plain text. */
    public static String render(JoinRun run) {
        StringBuilder out = new StringBuilder(headline(run)).append('\n');
        out.append("times in ms since the WebSocket open started; step = since the phase named under 'after'\n");
        out.append(TextTable.render(of(run)));
        for (String f : failures(run)) out.append(f).append('\n');
        return out.toString();
    }

    private static List<JoinRecord> joins(JoinRun run) {
        return run.joins() == null ? List.of() : run.joins().stream().filter(Objects::nonNull).toList();
    }
}

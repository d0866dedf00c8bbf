package io.patchbay.load.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JoinTimeTableTest {

    @TempDir
    Path dir;

    /**
     * Ten joins: join k (1..10) reaches every phase at (ordinal + 1) * k ms, except that join 10 stopped before its
     * subscriber connected (failed).
     */
    static JoinRun sample() {
        List<JoinRecord> joins = new ArrayList<>();
        for (int k = 1; k <= 10; k++) {
            Map<String, Double> ms = new LinkedHashMap<>();
            for (JoinPhase p : JoinPhase.values()) {
                boolean stopped = k == 10 && p.ordinal() >= JoinPhase.SUBSCRIBER_ICE.ordinal();
                if (!stopped) ms.put(p.id(), (p.ordinal() + 1.0) * k);
            }
            boolean failed = k == 10;
            joins.add(new JoinRecord(k - 1, "j" + (k - 1), failed, failed ? JoinPhase.SUBSCRIBER_ICE.id() : null, ms,
                    failed ? List.of("ICE[checks=200]") : List.of()));
        }
        return new JoinRun("patchbay", "0.1.0", 0, "AEAD_AES_128_GCM", 2, 10_000, joins);
    }

    /** Where join k reaches {@code p}: (ordinal + 1) * k ms. */
    private static double at(JoinPhase p, int k) {
        return (p.ordinal() + 1.0) * k;
    }

    @Test
    void percentilesAreNearestRankOverTheJoinsThatReachedThePhase() {
        List<JoinTimeTable.PhaseRow> rows = JoinTimeTable.rows(sample());

        JoinTimeTable.PhaseRow joined = rows.get(JoinPhase.JOINED.ordinal()); // 2, 4, ..., 20 ms
        assertEquals(new Percentiles(10, 10, 18, 20, 20), joined.sinceStart());
        assertEquals(new Percentiles(10, 5, 9, 10, 10), joined.step(), "joined - websocket open = k ms");

        // Joins 1..9 (join 10 never had one): nearest rank p50 = the 5th, p90 = the 9th.
        JoinTimeTable.PhaseRow keyframe = rows.get(JoinPhase.FIRST_KEYFRAME.ordinal());
        double f = at(JoinPhase.FIRST_KEYFRAME, 1);
        assertEquals(new Percentiles(9, 5 * f, 9 * f, 9 * f, 9 * f), keyframe.sinceStart());
        // Its step is from 'keyframe asked of pubs'.
        double d = f - at(JoinPhase.KEYFRAME_REQUESTED, 1);
        assertEquals(new Percentiles(9, 5 * d, 9 * d, 9 * d, 9 * d), keyframe.step());
        assertEquals(JoinPhase.KEYFRAME_REQUESTED, JoinPhase.FIRST_KEYFRAME.after());

        JoinTimeTable.PhaseRow open = rows.get(JoinPhase.WEBSOCKET_OPEN.ordinal());
        assertEquals(open.sinceStart(), open.step(), "the first phase follows the start");
    }

    @Test
    void oneRowPerPhaseWithReachedCounts() {
        String text = JoinTimeTable.render(sample());
        List<String> lines = text.lines().toList();

        assertEquals("patchbay 0.1.0 | scenario join | repetition 0 | 2 publishers in the room | 10 joins, 1 failed"
                + " | AEAD_AES_128_GCM", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches(
                "joined received +10/10 +10\\.0 +18\\.0 +20\\.0 +websocket open +5\\.0 +9\\.0 +10\\.0")), text);
        double f = at(JoinPhase.FIRST_KEYFRAME, 1);
        double d = f - at(JoinPhase.KEYFRAME_REQUESTED, 1);
        String keyframeRow = String.format(java.util.Locale.ROOT,
                "first keyframe received +9/10 +%.1f +%.1f +%.1f +keyframe asked of pubs +%.1f +%.1f +%.1f",
                5 * f, 9 * f, 9 * f, 5 * d, 9 * d, 9 * d).replace(".", "\\.");
        assertTrue(lines.stream().anyMatch(l -> l.matches(keyframeRow)), keyframeRow + " in\n" + text);
        for (JoinPhase p : JoinPhase.values()) {
            assertEquals(1, lines.stream().filter(l -> l.startsWith(p.label() + " ")).count(), p.label());
        }
    }

    @Test
    void failedJoinsAreListedWithWhereTheyStopped() {
        List<String> failures = JoinTimeTable.failures(sample());

        assertEquals(List.of("join 9 (j9) FAILED: no keyframe within 10000 ms, stopped at: sub ICE connected"
                + " (ICE[checks=200])"), failures);
        assertTrue(JoinTimeTable.render(sample()).contains(failures.get(0)));
    }

    @Test
    void anEmptyRunRendersDashes() {
        JoinRun empty = new JoinRun(null, null, 0, null, 0, 10_000, null);

        String text = JoinTimeTable.render(empty);

        assertTrue(text.contains("0 joins, 0 failed"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("joined received +0/0 +- +- +- +websocket open +- +- +-")),
                text);
    }

    @Test
    void joinRunsAreInTheReportJsonTextAndHtml() throws Exception {
        LoadReport report = new LoadReport("t", "./patchbay load --scenario join", "m", List.of("joins=10"),
                List.of(), List.of(), List.of(), List.of(sample()));
        Path file = dir.resolve("report.json");

        ReportJson.write(report, file);

        assertEquals(report, ReportJson.read(file));
        assertTrue(ReportJson.toJson(report).contains("\"subscriberDtlsDone\" : " + at(JoinPhase.SUBSCRIBER_DTLS, 1)),
                "raw per-join numbers");
        assertTrue(ReportTable.render(report).contains("first keyframe received"));
        String html = HtmlReport.render(report);
        assertTrue(html.contains("<h2>Join time</h2>") && html.contains("first keyframe received"), html);
        assertTrue(!html.contains("No runs."), "a join report has no ramp runs to miss");
    }
}

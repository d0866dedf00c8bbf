package io.patchbay.load.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportTableTest {

    private final String text = ReportTable.render(SampleReports.withComparison());
    private final List<String> lines = text.lines().toList();

    @Test
    void eachRunHasItsHeadline() {
        assertTrue(lines.contains(
                "patchbay 0.1.0-SNAPSHOT | scenario broadcast | repetition 0 | SRTP_AEAD_AES_128_GCM | knee: none"));
        assertTrue(lines.contains(
                "janus 1.2.4 | scenario broadcast | repetition 0 | SRTP_AES128_CM_HMAC_SHA1_80"
                        + " | knee: step 2 (loss 2.14% > 1%)"));
    }

    @Test
    void stepRowsShowTheFiguresInColumnOrder() {
        // step pubs subs rooms pkt/s loss% srvUs bare xbare cores genUs dP50 dP99 dMax srvAddP50 srvAddP99 jP50 jP99
        // heapMiB GC GCmax
        assertRow("0 1 50 1 7481 0.00 4.12 0.41 2.29 1.80 0.031 1.91 1.4 3.9 8.7 0.30 0.75 180 310 46 12.5 3.1");
        assertRow("2 1 200 1 29870 0.11 3.95 0.40 2.19 1.80 0.118 1.95 2.1 7.7 41.0 0.30 0.75 - - 86 33.3 6.0");
        // Janus reports no heap, GC (-1) or delay of its own, and its last step is the knee.
        assertRow("2 1 200 1 29200 2.14 6.35 0.00 3.53 1.80 0.185 2.02 8.8 180.0 612.0 - - 260 900 - - - <- knee");
    }

    @Test
    void figuresAreRightAlignedUnderTheirRule() {
        int rule = indexOfFirst(l -> l.startsWith("----"));
        List<int[]> columns = dashRuns(lines.get(rule));
        for (int r = rule + 1; r <= rule + 3; r++) {
            String row = lines.get(r);
            for (int[] column : columns.subList(0, columns.size() - 1)) {
                String cell = row.substring(column[0], column[1]);
                assertFalse(cell.isBlank(), "cell under the rule in: " + row);
                assertNotEquals(' ', row.charAt(column[1] - 1), "right aligned in: " + row);
                assertTrue(column[1] == row.length() || row.charAt(column[1]) == ' ', "no overflow in: " + row);
            }
        }
        assertEquals(22, columns.size(), "one rule per figure column (the unnamed knee column has none)");
    }

    @Test
    void comparisonTableChecksTheCpuTarget() {
        assertTrue(text.contains("Patchbay vs Janus"));
        assertRow("broadcast 100 3.81 0.40 9.22 0.41 missed by 0.06 2.50 1.52 missed by 0.02 4.8 9.5 0.90 190 250 3");
        assertRow("broadcast 200 3.95 - 6.35 0.62 missed by 0.27 - - - 7.7 180.0 - - 260 3");
    }

    @Test
    void notesComeLastAsPlainText() {
        int notes = indexOfFirst(l -> l.equals("Notes:"));
        assertEquals("  - " + SampleReports.HOSTILE_NOTE, lines.get(notes + 1));
        assertEquals("  - Janus does not report heap or GC", lines.get(notes + 2));
        assertEquals(notes + 3, lines.size());
    }

    @Test
    void plainTextOnly() {
        assertFalse(text.contains("\t"));
        assertFalse(text.contains("\u001b"), "no ANSI colours");
        assertTrue(lines.stream().noneMatch(l -> l.endsWith(" ")), "no trailing blanks");
    }

    @Test
    void withoutComparisonThereIsNoComparisonTableOrNotes() {
        String plain = ReportTable.render(SampleReports.withoutComparison());
        assertFalse(plain.contains("Patchbay vs Janus"));
        assertFalse(plain.contains("Notes:"));
        assertTrue(plain.contains("knee: step 2"));
    }

    @Test
    void missingReportPartsDoNotBreakTheTable() {
        LoadReport empty = new LoadReport(null, null, null, null, null, null, null, null);
        assertEquals("", ReportTable.render(empty));
    }

    private void assertRow(String cellsSeparatedBySpaces) {
        List<String> expected = Arrays.asList(cellsSeparatedBySpaces.split(" "));
        assertTrue(lines.stream().map(l -> Arrays.asList(l.trim().split(" +"))).anyMatch(expected::equals),
                "no row " + cellsSeparatedBySpaces + " in\n" + text);
    }

    private int indexOfFirst(java.util.function.Predicate<String> test) {
        for (int i = 0; i < lines.size(); i++) {
            if (test.test(lines.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such line in\n" + text);
    }

    /** [start, end) of each run of dashes. */
    private static List<int[]> dashRuns(String rule) {
        List<int[]> runs = new ArrayList<>();
        Matcher m = Pattern.compile("-+").matcher(rule);
        while (m.find()) {
            runs.add(new int[] {m.start(), m.end()});
        }
        return runs;
    }
}

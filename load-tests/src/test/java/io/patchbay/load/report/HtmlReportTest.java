package io.patchbay.load.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    private final String html = HtmlReport.render(SampleReports.withComparison());

    @Test
    void onePlotPerRunPlusFourLoadPlotsPlusTheComparisonBars() {
        assertEquals(2 + 4 + 1, count(html, "<svg "));
        assertEquals(2 + 4 + 1, count(html, "</svg>"));
    }

    @Test
    void withoutComparisonThereIsNoBarChart() {
        String plain = HtmlReport.render(SampleReports.withoutComparison());
        assertEquals(2 + 4, count(plain, "<svg "));
        assertFalse(plain.contains("Patchbay vs Janus"));
    }

    @Test
    void reportTextIsEscaped() {
        assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "the note's script tag must not survive");
        assertTrue(html.contains(
                "comparison partial: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"));
        assertTrue(html.contains("knee: step 2 (loss 2.14% &gt; 1%)"));
    }

    @Test
    void selfContainedAndOffline() {
        for (String external : List.of("http://", "https://", "src=", "href=", "url(", "@import", "<link", "<img")) {
            assertFalse(html.contains(external), "external reference " + external);
        }
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<meta charset=\"utf-8\">"));
    }

    @Test
    void showsHeaderSettingsTablesAndNotes() {
        assertTrue(html.contains("<title>Patchbay load report, 2025-06-01T10:15:30Z</title>"));
        assertTrue(html.contains("java -jar patchbay-load.jar --scenario broadcast"));
        assertTrue(html.contains("2 cores, Linux 6.1.0, OpenJDK 17.0.15"));
        assertTrue(html.contains("<tr><th>videoBitrateKbps</th><td>800</td></tr>"));
        assertTrue(html.contains("<td class=\"num\">29200</td><td class=\"num\">2.14</td>"));
        assertTrue(html.contains("<td class=\"num\">6.35</td><td class=\"num\">0.00</td><td class=\"num\">3.53</td><td class=\"num\">1.80</td>"),
                "the bare kernel baseline and the ratio to it beside the server's CPU");
        assertTrue(html.contains("<tr class=\"marked\">"), "knee row marked");
        assertTrue(html.contains("<td>missed by 0.27</td>"));
        assertTrue(html.contains("<li>Janus does not report heap or GC</li>"));
    }

    @Test
    void loadPlotsHaveOneLinePerRunAndAPointPerStep() {
        String cores = svgTitled("Server CPU against load");
        assertEquals(2, count(cores, "<polyline"));
        assertEquals(6, count(cores, "<circle"));
        assertTrue(cores.contains("server CPU (cores)"));
        assertTrue(cores.contains("forwarded packets per second (pkt/s)"));
        assertTrue(cores.contains(">janus broadcast #0</text>"));
    }

    @Test
    void delayTailHasOneLinePerStepWithLogAxes() {
        String janus = svgTitled("Delay tail, janus broadcast #0: share of packets slower than x");
        assertEquals(3, count(janus, "<polyline"));
        assertTrue(janus.contains("one-way delay x (ms) (log scale)"));
        assertTrue(janus.contains("step 2: 200 subs (knee)"));
    }

    @Test
    void writesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/report.html");
        HtmlReport.write(SampleReports.withComparison(), file);
        assertEquals(html, Files.readString(file));
    }

    @Test
    void anEmptyReportStillRenders() {
        String empty = HtmlReport.render(new LoadReport(null, null, null, null, null, null, null, null));
        assertTrue(empty.contains("No runs."));
        assertEquals(0, count(empty, "<svg "));
    }

    private String svgTitled(String title) {
        Matcher m = Pattern.compile("<svg [^>]*>\\s*<title>" + Pattern.quote(title) + "</title>.*?</svg>",
                Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "no plot titled " + title);
        return m.group();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

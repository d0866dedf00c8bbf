package io.patchbay.load.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The report as one self-contained HTML page: inline CSS, inline SVG plots, no scripts, fonts, images or links, so
 * that it opens offline and can be mailed as a single file. Every text from the report is escaped.
 *
 * <p>Layout: title; when, command, machine; settings; notes; per run its headline, step table and delay tail plot;
 * the Patchbay-versus-Janus table and bar chart (if compared); then CPU, delay p99 and loss against load.
 */
public final class HtmlReport {

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5em; color: #222;
                   max-width: 1200px; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
            h3 { font-size: 1em; font-family: ui-monospace, Menlo, Consolas, monospace; }
            dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
            dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
            pre { white-space: pre-wrap; word-break: break-all; margin: 0; }
            .scroll { overflow-x: auto; } .scroll th, .scroll td { white-space: nowrap; }
            table { border-collapse: collapse; font-size: .85em; margin: .5em 0; }
            th, td { padding: .2em .6em; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: bottom; }
            th { background: #f4f4f4; } .num { text-align: right; font-variant-numeric: tabular-nums; }
            tr.marked td { background: #fff3cd; font-weight: 600; }
            ul.notes li { background: #fff8e1; padding: .2em .5em; margin: .2em 0; }
            svg.chart { max-width: 100%; height: auto; display: block; margin: .8em 0; }
            .chart-title { font-size: 14px; font-weight: 600; } .chart-label { font-size: 12px; }
            .chart-tick { font-size: 11px; fill: #444; } .chart-legend { font-size: 12px; }
            .chart-value { font-size: 10px; fill: #333; } .caption { font-size: .85em; color: #555; }
            """;

    private HtmlReport() {
    }

    /** Writes {@link #render} to {@code file} (UTF-8), replacing it; parent directories are created. */
    public static void write(LoadReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
    }

    /** The whole page. */
    public static String render(LoadReport report) {
        String title = "Patchbay load report" + (report.startedAt() == null ? "" : ", " + report.startedAt());
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(Html.escape(title)).append("</h1>\n");
        appendMeta(page, report);
        appendSettings(page, ReportParts.settings(report));
        appendNotes(page, ReportParts.notes(report));
        if (!ReportParts.runs(report).isEmpty() || ReportParts.joinRuns(report).isEmpty()) {
            appendRuns(page, ReportParts.runs(report));
        }
        appendJoinRuns(page, ReportParts.joinRuns(report));
        appendComparison(page, ReportParts.comparisons(report));
        appendLoadPlots(page, ReportParts.runs(report));
        return page.append("</body>\n</html>\n").toString();
    }

    private static void appendMeta(StringBuilder page, LoadReport report) {
        page.append("<dl class=\"meta\">\n")
                .append("<dt>Started</dt><dd>").append(Html.escape(report.startedAt())).append("</dd>\n")
                .append("<dt>Command</dt><dd><pre>").append(Html.escape(report.command())).append("</pre></dd>\n")
                .append("<dt>Machine</dt><dd>").append(Html.escape(report.machine())).append("</dd>\n")
                .append("</dl>\n");
    }

    /** Settings as a two-column table, split at the first '='. */
    private static void appendSettings(StringBuilder page, List<String> settings) {
        if (settings.isEmpty()) {
            return;
        }
        page.append("<h2>Settings</h2>\n<table>\n");
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            String key = eq < 0 ? setting : setting.substring(0, eq);
            String value = eq < 0 ? "" : setting.substring(eq + 1);
            page.append("<tr><th>").append(Html.escape(key)).append("</th><td>").append(Html.escape(value))
                    .append("</td></tr>\n");
        }
        page.append("</table>\n");
    }

    private static void appendNotes(StringBuilder page, List<String> notes) {
        if (notes.isEmpty()) {
            return;
        }
        page.append("<h2>Notes</h2>\n<ul class=\"notes\">\n");
        for (String note : notes) {
            page.append("<li>").append(Html.escape(note)).append("</li>\n");
        }
        page.append("</ul>\n");
    }

    private static void appendRuns(StringBuilder page, List<ServerRun> runs) {
        page.append("<h2>Runs</h2>\n");
        if (runs.isEmpty()) {
            page.append("<p>No runs.</p>\n");
        }
        for (ServerRun run : runs) {
            page.append("<section>\n<h3>").append(Html.escape(RunHeadline.of(run))).append("</h3>\n")
                    .append("<div class=\"scroll\">").append(HtmlTable.render(StepTable.of(run))).append("</div>\n")
                    .append(ReportPlots.delayTail(run))
                    .append("<p class=\"caption\">Where a line crosses 50 % is the step's median delay, 1 % its p99;"
                            + " a line that ends early means no packet was slower.</p>\n")
                    .append("</section>\n");
        }
    }

    private static void appendJoinRuns(StringBuilder page, List<JoinRun> runs) {
        if (runs.isEmpty()) {
            return;
        }
        page.append("<h2>Join time</h2>\n")
                .append("<p class=\"caption\">Times in ms since the new participant started opening its WebSocket;"
                        + " step = time since the phase named under 'after'. Percentiles over the joins that reached"
                        + " the phase.</p>\n");
        for (JoinRun run : runs) {
            page.append("<section>\n<h3>").append(Html.escape(JoinTimeTable.headline(run))).append("</h3>\n")
                    .append("<div class=\"scroll\">").append(HtmlTable.render(JoinTimeTable.of(run)))
                    .append("</div>\n");
            List<String> failures = JoinTimeTable.failures(run);
            if (!failures.isEmpty()) {
                page.append("<ul class=\"notes\">\n");
                for (String f : failures) page.append("<li>").append(Html.escape(f)).append("</li>\n");
                page.append("</ul>\n");
            }
            page.append("</section>\n");
        }
    }

    private static void appendComparison(StringBuilder page, List<Comparison> comparisons) {
        if (comparisons.isEmpty()) {
            return;
        }
        page.append("<h2>Patchbay vs Janus</h2>\n")
                .append("<p class=\"caption\">Medians over the alternated repetitions; CPU ratio = Patchbay / Janus,"
                        + " target &lt;= ").append(Figures.fixed(ComparisonTable.CPU_RATIO_TARGET, 2))
                .append(".</p>\n")
                .append("<div class=\"scroll\">").append(HtmlTable.render(ComparisonTable.of(comparisons)))
                .append("</div>\n")
                .append(ReportPlots.comparisonBars(comparisons));
    }

    private static void appendLoadPlots(StringBuilder page, List<ServerRun> runs) {
        if (runs.isEmpty()) {
            return;
        }
        page.append("<h2>Against load</h2>\n")
                .append(ReportPlots.serverCores(runs))
                .append(ReportPlots.serverCpuPerPacket(runs))
                .append(ReportPlots.delayP99(runs))
                .append(ReportPlots.loss(runs));
    }
}

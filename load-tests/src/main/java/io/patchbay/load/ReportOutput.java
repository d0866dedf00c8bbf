package io.patchbay.load;

import io.patchbay.load.report.HtmlReport;
import io.patchbay.load.report.LoadReport;
import io.patchbay.load.report.ReportJson;
import io.patchbay.load.report.ReportTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Writes a report: the table on stdout, report.json and report.html in the output folder. */
public final class ReportOutput {
    private ReportOutput() {
    }

    public static void write(LoadReport report, Path dir, PrintStream out) throws IOException {
        Path json = dir.resolve("report.json");
        Path html = dir.resolve("report.html");
        ReportJson.write(report, json);
        HtmlReport.write(report, html);
        ReportTable.print(report, out);
        out.println();
        out.println("JSON: " + json.toAbsolutePath());
        out.println("HTML: " + html.toAbsolutePath());
    }
}

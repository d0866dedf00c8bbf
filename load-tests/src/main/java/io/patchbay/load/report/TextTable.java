package io.patchbay.load.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link Table} as aligned plain text: headers (split at '\n', bottom aligned), a dashed rule, the rows.
 * Columns are separated by two spaces; figures are right aligned, text left aligned; trailing blanks are trimmed.
 */
final class TextTable {

    private static final String GAP = "  ";

    private TextTable() {
    }

    static String render(Table table) {
        int columns = table.headers().size();
        List<String[]> headerLines = table.headers().stream().map(h -> h.split("\n", -1)).toList();
        int headerHeight = headerLines.stream().mapToInt(lines -> lines.length).max().orElse(0);

        int[] widths = new int[columns];
        for (int c = 0; c < columns; c++) {
            for (String line : headerLines.get(c)) {
                widths[c] = Math.max(widths[c], line.length());
            }
            for (List<String> row : table.rows()) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }

        StringBuilder out = new StringBuilder();
        for (int line = 0; line < headerHeight; line++) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                String[] lines = headerLines.get(c);
                int offset = headerHeight - lines.length;
                cells.add(line >= offset ? lines[line - offset] : "");
            }
            appendLine(out, cells, table.rightAlign(), widths);
        }
        List<String> rule = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            rule.add(table.headers().get(c).isBlank() ? "" : "-".repeat(widths[c]));
        }
        appendLine(out, rule, table.rightAlign(), widths);
        for (List<String> row : table.rows()) {
            appendLine(out, row, table.rightAlign(), widths);
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, List<String> cells, List<Boolean> rightAlign, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append(GAP);
            }
            line.append(pad(cells.get(c), widths[c], rightAlign.get(c)));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - text.length()));
        return right ? fill + text : text + fill;
    }
}

package io.patchbay.load.report;

import java.util.List;

/** Renders a {@link Table} as an HTML {@code <table>}; a '\n' in a header becomes a line break. */
final class HtmlTable {

    private HtmlTable() {
    }

    static String render(Table table) {
        StringBuilder out = new StringBuilder("<table>\n<thead><tr>");
        for (int c = 0; c < table.headers().size(); c++) {
            out.append(cellTag("th", table.rightAlign().get(c)))
                    .append(Html.escape(table.headers().get(c)).replace("\n", "<br>"))
                    .append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < table.rows().size(); r++) {
            List<String> row = table.rows().get(r);
            out.append(r == table.markedRow() ? "<tr class=\"marked\">" : "<tr>");
            for (int c = 0; c < row.size(); c++) {
                out.append(cellTag("td", table.rightAlign().get(c))).append(Html.escape(row.get(c))).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    private static String cellTag(String tag, boolean rightAlign) {
        return rightAlign ? "<" + tag + " class=\"num\">" : "<" + tag + ">";
    }
}

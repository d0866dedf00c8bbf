package io.patchbay.load.report;

import java.util.List;

/**
 * A table as formatted cells, built once and rendered both as text ({@link TextTable}) and as HTML
 * ({@link HtmlTable}), so that the two show the same figures.
 *
 * @param headers     column headers; a '\n' splits a header over two lines
 * @param rightAlign  per column: true for figures (right aligned), false for text
 * @param rows        cells, one list per row, as many as there are headers
 * @param markedRow   index of a row to emphasise (the knee), or -1
 */
record Table(List<String> headers, List<Boolean> rightAlign, List<List<String>> rows, int markedRow) {

    Table {
        headers = List.copyOf(headers);
        rightAlign = List.copyOf(rightAlign);
        rows = rows.stream().map(List::copyOf).toList();
        if (rightAlign.size() != headers.size()) {
            throw new IllegalArgumentException("one alignment per header");
        }
        for (List<String> row : rows) {
            if (row.size() != headers.size()) {
                throw new IllegalArgumentException("row has " + row.size() + " cells, expected " + headers.size());
            }
        }
    }
}

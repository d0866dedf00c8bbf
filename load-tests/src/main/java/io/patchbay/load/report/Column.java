package io.patchbay.load.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One column of a {@link Table}: its header, alignment, and how a row's source object becomes the cell text.
 *
 * @param <T> what one row is built from (a step, a comparison)
 */
record Column<T>(String header, boolean rightAlign, Function<T, String> cell) {

    static <T> Column<T> figure(String header, Function<T, String> cell) {
        return new Column<>(header, true, cell);
    }

    static <T> Column<T> text(String header, Function<T, String> cell) {
        return new Column<>(header, false, cell);
    }

    /** A table with one row per item of {@code items}. */
    static <T> Table table(List<Column<T>> columns, List<T> items, int markedRow) {
        List<List<String>> rows = new ArrayList<>();
        for (T item : items) {
            List<String> row = new ArrayList<>();
            for (Column<T> column : columns) {
                String value = column.cell().apply(item);
                row.add(value == null ? Figures.NONE : value);
            }
            rows.add(row);
        }
        return new Table(
                columns.stream().map(Column::header).toList(),
                columns.stream().map(Column::rightAlign).toList(),
                rows,
                markedRow);
    }
}

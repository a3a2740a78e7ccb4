package supervisor.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * A text table: a header row and data rows, each column as wide as its widest cell, columns two
 * spaces apart, no trailing blanks. Cells are written as given (callers make them one line). Not
 * thread-safe: build one, render it, drop it.
 */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** A table with these column headers. */
    Table(String... headers) {
        columns = headers.length;
        rows.add(headers.clone());
    }

    /**
     * Adds a row.
     *
     * @throws IllegalArgumentException if it does not have one cell per column
     */
    Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row needs " + columns + " cells, got " + cells.length);
        }
        rows.add(cells.clone());
        return this;
    }

    /** How many data rows it has. */
    int size() {
        return rows.size() - 1;
    }

    /** The table, one line per row, each ending with a line separator. */
    String render() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}

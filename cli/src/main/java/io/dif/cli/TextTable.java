package io.dif.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain left-aligned text table for operator output. */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) {
    rows.add(header);
  }

  void row(String... cells) {
    rows.add(cells);
  }

  /** Whether the table has no row below its header. */
  boolean isEmpty() {
    return rows.size() == 1;
  }

  void print(PrintStream out) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], String.valueOf(row[i]).length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell = String.valueOf(row[i]);
        line.append(cell);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}

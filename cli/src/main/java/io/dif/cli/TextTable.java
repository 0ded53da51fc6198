package io.dif.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  /**
   * The rows as objects keyed by the header in lower snake case, for JSON output; whole numbers
   * are numbers.
   */
  List<Map<String, Object>> records() {
    String[] header = rows.get(0);
    List<Map<String, Object>> records = new ArrayList<>();
    for (String[] row : rows.subList(1, rows.size())) {
      Map<String, Object> record = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        String cell = row[i];
        record.put(header[i].toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"),
            cell != null && cell.matches("-?\\d{1,18}") ? (Object) Long.parseLong(cell) : cell);
      }
      records.add(record);
    }
    return records;
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

package io.dif.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** "Did you mean": the names closest to a mistyped option or command (swaps count as one edit). */
final class Suggestions {
  private Suggestions() {}

  /**
   * Names within a few edits of {@code typed}, closest first; then picocli's own suggestions
   * ({@code fallback}), at most three in all.
   */
  static List<String> closest(String typed, Collection<String> names, List<String> fallback) {
    String word = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
    int allowed = Math.max(2, stripped(word).length() / 3);
    List<String> near = new ArrayList<>();
    for (String name : names) {
      if (!name.isEmpty() && distance(word, name) <= allowed) {
        near.add(name);
      }
    }
    near.sort(Comparator.comparingInt(name -> distance(word, name)));
    Set<String> all = new LinkedHashSet<>(near);
    if (all.isEmpty()) {
      all.addAll(fallback);
    }
    return all.stream().limit(3).toList();
  }

  private static String stripped(String name) {
    return name.replaceFirst("^-+", "");
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

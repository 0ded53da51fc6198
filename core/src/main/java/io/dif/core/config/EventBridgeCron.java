package io.dif.core.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cron fields EventBridge Scheduler accepts: six fields (minutes, hours, day-of-month,
 * month, day-of-week, year) with {@code , - * /}, {@code ?} in exactly one of the two day
 * fields, {@code L W} in day-of-month and {@code L #} in day-of-week.
 */
public final class EventBridgeCron {
  private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN",
      "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI",
      "SAT");
  private static final Pattern STEP = Pattern.compile("(.+)/(\\d+)");
  private static final Pattern RANGE = Pattern.compile("([^-]+)-([^-]+)");

  private EventBridgeCron() {
  }

  /** What is wrong with these cron fields, or empty when EventBridge Scheduler accepts them. */
  public static Optional<String> problem(String cron) {
    String[] fields = cron.trim().split("\\s+");
    if (fields.length != 6) {
      return Optional.of("must have 6 fields (minutes hours day-of-month month day-of-week"
          + " year), found " + (cron.isBlank() ? 0 : fields.length));
    }
    boolean dayOfMonthAny = fields[2].equals("?");
    boolean dayOfWeekAny = fields[4].equals("?");
    if (dayOfMonthAny == dayOfWeekAny) {
      return Optional.of("exactly one of day-of-month and day-of-week must be '?'");
    }
    String[] names = {"minutes", "hours", "day-of-month", "month", "day-of-week", "year"};
    int[][] bounds = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {1, 7}, {1970, 2199}};
    for (int i = 0; i < fields.length; i++) {
      if ((i == 2 || i == 4) && fields[i].equals("?")) {
        continue;
      }
      for (String item : fields[i].split(",", -1)) {
        if (!validItem(i, item, bounds[i][0], bounds[i][1])) {
          return Optional.of(names[i] + " field '" + fields[i] + "' is not valid: use numbers "
              + bounds[i][0] + "-" + bounds[i][1] + (i == 3 ? " or JAN-DEC" : "")
              + (i == 4 ? " or SUN-SAT" : "") + " with , - * /"
              + (i == 2 ? " ? L W" : "") + (i == 4 ? " ? L #" : ""));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean validItem(int field, String item, int min, int max) {
    if (field == 2 && (item.equals("L") || item.equals("LW"))) {
      return true;
    }
    if (field == 2 && item.endsWith("W")) {
      return number(item.substring(0, item.length() - 1), field, min, max);
    }
    if (field == 4 && item.equals("L")) {
      return true;
    }
    if (field == 4 && item.endsWith("L")) {
      return number(item.substring(0, item.length() - 1), field, min, max);
    }
    if (field == 4 && item.contains("#")) {
      String[] parts = item.split("#", -1);
      return parts.length == 2 && number(parts[0], field, min, max)
          && number(parts[1], field, 1, 5);
    }
    Matcher step = STEP.matcher(item);
    if (step.matches()) {
      String base = step.group(1);
      return number(step.group(2), -1, 1, max) && (base.equals("*") || number(base, field, min,
          max) || range(base, field, min, max));
    }
    return item.equals("*") || number(item, field, min, max) || range(item, field, min, max);
  }

  private static boolean range(String item, int field, int min, int max) {
    Matcher range = RANGE.matcher(item);
    return range.matches() && number(range.group(1), field, min, max)
        && number(range.group(2), field, min, max);
  }

  private static boolean number(String text, int field, int min, int max) {
    int value;
    if (field == 3 && MONTHS.contains(text)) {
      value = MONTHS.indexOf(text) + 1;
    } else if (field == 4 && DAYS.contains(text)) {
      value = DAYS.indexOf(text) + 1;
    } else if (text.matches("\\d{1,4}")) {
      value = Integer.parseInt(text);
    } else {
      return false;
    }
    return value >= min && value <= max;
  }
}

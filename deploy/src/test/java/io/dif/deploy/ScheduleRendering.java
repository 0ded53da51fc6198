package io.dif.deploy;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How terraform/main.tf turns a client's schedule.cron into a schedule expression. */
final class ScheduleRendering {
  /** The expression in terraform/main.tf that {@link #render} mirrors. */
  static final String TERRAFORM_EXPRESSION =
      "format(\"cron(%s)\", join(\" \", compact(split(\" \", client.schedule.cron))))";

  private ScheduleRendering() {
  }

  /** split on single spaces, empty parts dropped, joined by one space, inside cron( ). */
  static String render(String cron) {
    return "cron(" + Arrays.stream(cron.split(" ", -1)).filter(part -> !part.isEmpty())
        .collect(Collectors.joining(" ")) + ")";
  }
}

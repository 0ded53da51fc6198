package io.dif.control;

import io.dif.core.config.Names;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stream a lock name fences ({@code extract:CLIENT.SOURCE.STREAM}, or the bare
 * {@code CLIENT.SOURCE.STREAM} that earlier versions used): its tokens must stay above the
 * fencing tokens already stored in that stream's checkpoints.
 */
record StreamLockName(String client, String source, String stream) {
  private static final Pattern PATTERN = Pattern.compile("(?:extract:)?(" + Names.IDENTIFIER
      + ")\\.(" + Names.IDENTIFIER + ")\\.(" + Names.IDENTIFIER + ")");

  static Optional<StreamLockName> parse(String lock) {
    Matcher matcher = PATTERN.matcher(lock);
    return matcher.matches()
        ? Optional.of(new StreamLockName(matcher.group(1), matcher.group(2), matcher.group(3)))
        : Optional.empty();
  }
}

package io.dif.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live progress line for a long stage. On a terminal it is rewritten in place every second
 * on stderr and erased when the stage ends; otherwise (a log file, a container) the same text
 * is logged every {@link #LOG_PERIOD}, so a silent minute never happens in either.
 */
final class ProgressLine implements io.dif.pipeline.StageDisplay.Shown {
  static final Duration LOG_PERIOD = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(ProgressLine.class);

  private final String stage;
  private final Supplier<String> status;
  private final PrintStream terminal;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(
      task -> {
        Thread thread = new Thread(task, "dif-progress");
        thread.setDaemon(true);
        return thread;
      });

  private ProgressLine(String stage, Supplier<String> status, PrintStream terminal) {
    this.stage = stage;
    this.status = status;
    this.terminal = terminal;
  }

  /**
   * Starts the line of {@code stage}; {@code status} says where the stage is (called from the
   * line's own thread, so it must be safe to call concurrently with the stage).
   */
  static ProgressLine start(String stage, Supplier<String> status) {
    ProgressLine line = new ProgressLine(stage, status, Terminal.attached() ? System.err : null);
    long period = line.terminal != null ? 1000 : LOG_PERIOD.toMillis();
    line.ticks.scheduleAtFixedRate(line::tick, period, period, TimeUnit.MILLISECONDS);
    return line;
  }

  private void tick() {
    String text;
    try {
      text = String.format(Locale.ROOT, "%s %5.0f s  %s", stage,
          (System.nanoTime() - started) / 1e9, status.get());
    } catch (RuntimeException e) {
      return; // a status that cannot be read now is shown at the next tick
    }
    if (terminal != null) {
      terminal.print("\r\u001b[K" + text);
      terminal.flush();
    } else {
      LOG.info(text);
    }
  }

  @Override
  public void close() {
    ticks.shutdownNow();
    if (terminal != null) {
      terminal.print("\r\u001b[K");
      terminal.flush();
    }
  }

  /** Whether the command runs on a terminal, where a line can be rewritten in place. */
  static final class Terminal {
    private Terminal() {}

    static boolean attached() {
      return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }
  }
}

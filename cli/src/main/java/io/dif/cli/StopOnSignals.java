package io.dif.cli;

import io.dif.core.run.StopSignal;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) and SIGTERM during a pipeline command: the first asks the run to stop at its
 * next safe point ({@link StopSignal}), keeping what it committed; a second SIGINT halts the
 * process at once with exit code 130 (what was committed still stays). Closing restores the
 * previous handlers.
 */
final class StopOnSignals implements AutoCloseable {
  private static final Map<String, Integer> EXIT_CODES = Map.of("INT", 130, "TERM", 143);

  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

  private StopOnSignals() {}

  /** Handlers installed elsewhere: closing restores nothing. */
  static StopOnSignals none() {
    return new StopOnSignals();
  }

  static StopOnSignals install(StopSignal stop, PrintStream err) {
    StopOnSignals installed = new StopOnSignals();
    AtomicBoolean stopping = new AtomicBoolean();
    for (String name : new String[] {"INT", "TERM"}) {
      int exitCode = EXIT_CODES.get(name);
      Signal signal = new Signal(name);
      try {
        installed.previous.put(signal, Signal.handle(signal, received -> {
          if (stopping.compareAndSet(false, true)) {
            err.println("Stopping on SIG" + name + " at the next safe point: what is committed"
                + " stays and the next run resumes" + ("INT".equals(name)
                ? " (Ctrl-C again stops at once)" : ""));
            stop.request("SIG" + name, exitCode);
          } else {
            err.println("Stopped at once on a second SIG" + name);
            err.flush();
            Runtime.getRuntime().halt(exitCode);
          }
        }));
      } catch (IllegalArgumentException e) {
        // the JVM reserves this signal here (e.g. -Xrs): keep its default behaviour
      }
    }
    return installed;
  }

  @Override
  public void close() {
    previous.forEach(Signal::handle);
    previous.clear();
  }
}

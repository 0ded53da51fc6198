package io.dif.cli;

import io.dif.pipeline.ExitCodes;
import io.dif.pipeline.PartialRunException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an error becomes an exit code, once for every command (the contract Step Functions and
 * schedulers rely on): 1 a user or config error, 2 a rejection that retrying will not change,
 * 75 retriable, 130/143 stopped by a signal, 70 an internal error whose stack trace goes to the
 * log file. The terminal gets one line (a config file's problems, one per line) and never a
 * stack trace.
 */
final class ErrorBoundary {
  static final int USER_ERROR = ExitCodes.USER_ERROR;
  static final int INTERNAL_ERROR = ExitCodes.INTERNAL_ERROR;

  private ErrorBoundary() {}

  /**
   * The exit code of {@code e} ({@link ExitCodes}: the contract every entry point keeps), after
   * telling the user on {@code err}: one line per failed part, an internal error's stack trace
   * in the log file.
   */
  static int handle(Exception e, CommandLine command) {
    PrintWriter err = command.getErr();
    if (e instanceof PartialRunException partial) {
      err.println(partial.getMessage() + ":");
      for (PartialRunException.Failure failure : partial.failures()) {
        err.print("  " + failure.what() + ": ");
        tell(failure.error(), command);
      }
    } else {
      tell(e, command);
    }
    err.flush();
    return ExitCodes.of(e);
  }

  private static void tell(Throwable e, CommandLine command) {
    PrintWriter err = command.getErr();
    if (ExitCodes.of(e) == INTERNAL_ERROR) {
      Path log = writeLog(e, dataDir(command), command.getCommandSpec().qualifiedName());
      err.println("Internal error (a bug in DIF, please report it): " + oneLine(e)
          + "; the stack trace is in " + log);
    } else {
      err.println(ExitCodes.describe(e)); // says what is kept when stopped, and if retriable
    }
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst()
        .orElse("");
    return e.getClass().getName() + message;
  }

  private static Optional<Path> dataDir(CommandLine command) {
    OptionSpec option = command.getCommandSpec().findOption("--data-dir");
    return option == null ? Optional.empty() : Optional.ofNullable(option.getValue());
  }

  /**
   * Appends the stack trace to {@code <data-dir>/logs/dif.log}, or to a new temporary file when
   * the data folder cannot take it.
   */
  static Path writeLog(Throwable e, Optional<Path> dataDir, String command) {
    StringWriter text = new StringWriter();
    PrintWriter writer = new PrintWriter(text);
    writer.println(Instant.now() + " " + command); // not its arguments: URLs may hold secrets
    e.printStackTrace(writer);
    writer.println();
    writer.flush();
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    Path log = dataDir.orElse(Path.of("data")).toAbsolutePath().normalize().resolve("logs")
        .resolve("dif.log");
    try {
      Files.createDirectories(log.getParent());
      Files.write(log, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return log;
    } catch (IOException | RuntimeException unusable) {
      try {
        Path temporary = Files.createTempFile("dif-", ".log");
        Files.write(temporary, bytes);
        return temporary;
      } catch (IOException alsoUnusable) {
        e.printStackTrace(); // nowhere else to keep it
        return Path.of("(stderr)");
      }
    }
  }
}

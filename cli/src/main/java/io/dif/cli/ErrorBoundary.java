package io.dif.cli;

import io.dif.pipeline.PartialRunException;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DifException;
import io.dif.core.run.RunStoppedException;
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
  static final int USER_ERROR = 1;
  static final int REJECTED = 2;
  static final int INTERNAL_ERROR = 70;
  static final int RETRIABLE = 75;

  private ErrorBoundary() {}

  /** The exit code of {@code e}, after telling the user on {@code err}. */
  static int handle(Exception e, CommandLine command) {
    if (e instanceof PartialRunException partial) {
      PrintWriter err = command.getErr();
      err.println(partial.getMessage() + ":");
      err.flush();
      int worst = 0;
      for (PartialRunException.Failure failure : partial.failures()) {
        err.print("  " + failure.what() + ": ");
        int code = handleOne(failure.error(), command);
        worst = severity(code) > severity(worst) ? code : worst;
      }
      return worst;
    }
    return handleOne(e, command);
  }

  /**
   * The most severe code wins when parts of a run failed differently: an internal error, then
   * a user error, then a rejection, then a retriable failure (retried only when nothing else
   * failed, since retrying cannot fix the rest).
   */
  static int severity(int exitCode) {
    return switch (exitCode) {
      case INTERNAL_ERROR -> 4;
      case USER_ERROR -> 3;
      case REJECTED -> 2;
      case RETRIABLE -> 1;
      default -> 0;
    };
  }

  private static int handleOne(Exception e, CommandLine command) {
    PrintWriter err = command.getErr();
    int exitCode;
    if (e instanceof RunStoppedException stopped) {
      err.println(stopped.getMessage()); // says what is kept and that the next run resumes
      exitCode = stopped.exitCode();
    } else if (e instanceof ConfigurationException) {
      err.println(e.getMessage());
      exitCode = USER_ERROR;
    } else if (e instanceof DifException dif) {
      err.println(dif.getMessage() + " (error " + dif.code()
          + (dif.retriable() ? ", retriable: running again may succeed" : "") + ")");
      exitCode = dif.retriable() ? RETRIABLE : REJECTED;
    } else {
      Path log = writeLog(e, dataDir(command), command.getCommandSpec().qualifiedName());
      err.println("Internal error (a bug in DIF, please report it): " + oneLine(e)
          + "; the stack trace is in " + log);
      exitCode = INTERNAL_ERROR;
    }
    err.flush();
    return exitCode;
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

package io.dif.cli;

import io.dif.core.run.StopSignal;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code dif} command: local runs and operations of the data ingestion framework. */
@Command(name = "dif", mixinStandardHelpOptions = true, version = "dif 0.1.0",
    description = "DIF moves advertising data from APIs into the warehouse: extract to the raw"
        + " zone, transform with Spark to curated Parquet, load the warehouse.",
    subcommands = {RunCommand.class, ExtractCommand.class, TransformCommand.class,
        LoadCommand.class, ConfigCommand.class, SqlCommand.class, SecretsCommand.class,
        StatusCommand.class, EraseCommand.class, RetentionCommand.class, ServeCommand.class,
        KeysCommand.class, CommandLine.HelpCommand.class})
public final class DifCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The commands that run pipeline stages: they stop at a safe point on a signal. */
  private static final Set<String> PIPELINE_COMMANDS = Set.of("run", "extract", "transform",
      "load");

  public static void main(String[] args) {
    String level = System.getenv("DIF_LOG_LEVEL");
    System.setProperty("dif.log.level", level != null && !level.isBlank() ? level
        : ProgressLine.Terminal.attached() ? "warn" : "info");
    int exitCode;
    try {
      StopSignal stop = new StopSignal();
      // a pipeline command stops at a safe point on SIGINT or SIGTERM from the very start, also
      // while it opens its stores and reads its config, not only once its stages run
      boolean signalsHandled = PIPELINE_COMMANDS.contains(Arrays.stream(args)
          .filter(argument -> !argument.startsWith("-")).findFirst().orElse(""));
      if (signalsHandled) {
        StopOnSignals.install(stop, System.err);
      }
      exitCode = commandLine(stop, signalsHandled).execute(args);
    } catch (Error e) {
      // what picocli does not hand to the error boundary (it catches exceptions only)
      Path log = ErrorBoundary.writeLog(e, Optional.empty(), "dif");
      System.err.println("Internal error (a bug in DIF, please report it): " + e
          + "; the stack trace is in " + log);
      exitCode = ErrorBoundary.INTERNAL_ERROR;
    }
    System.exit(exitCode);
  }

  /**
   * Runs the command line and returns its exit code (used by tests too). Every error is
   * classified here, once: see {@link ErrorBoundary}.
   */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /**
   * The command line with its converters and its error handling, before it runs; its pipeline
   * commands stop on SIGINT and SIGTERM while they run.
   */
  static CommandLine commandLine() {
    return commandLine(new StopSignal(), false);
  }

  /**
   * The command line whose pipeline commands raise {@code stop}; {@code signalsHandled}: SIGINT
   * and SIGTERM already raise it (installed by {@link #main} for the whole process).
   */
  private static CommandLine commandLine(StopSignal stop, boolean signalsHandled) {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == PipelineOptions.class
            ? type.cast(new PipelineOptions(stop, signalsHandled))
            : CommandLine.defaultFactory().create(type);
      }
    };
    CommandLine commandLine = new CommandLine(new DifCommand(), factory);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.registerConverter(LocalDate.class, DifCommand::date);
    commandLine.registerConverter(Duration.class, DifCommand::duration);
    commandLine.setParameterExceptionHandler((e, arguments) -> {
      e.getCommandLine().getErr().println(describe(e));
      e.getCommandLine().getErr().flush();
      return ErrorBoundary.USER_ERROR;
    });
    commandLine.setExecutionStrategy(CommandAlerts::execute);
    commandLine.setExecutionExceptionHandler(
        (e, command, parsed) -> ErrorBoundary.handle(unwrap(e), command));
    return commandLine;
  }

  /** One line for a mistake on the command line, with picocli's suggestions. */
  static String describe(ParameterException e) {
    CommandLine command = e.getCommandLine();
    String help = " (see '" + command.getCommandSpec().qualifiedName() + " --help')";
    if (e instanceof CommandLine.MissingParameterException
        && !command.getUnmatchedArguments().isEmpty()) {
      // "--clinet demo": the misspelt option explains the missing one
      e = new UnmatchedArgumentException(command, command.getUnmatchedArguments());
    }
    if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      String argument = unmatched.getUnmatched().get(0);
      boolean commandExpected = !unmatched.isUnknownOption()
          && !command.getSubcommands().isEmpty();
      String what = unmatched.isUnknownOption() ? "Unknown option: '" + argument + "'"
          : commandExpected ? "Unknown command: '" + argument + "'"
          : "Unexpected argument: '" + argument + "'";
      List<String> suggestions = Suggestions.closest(argument, unmatched.isUnknownOption()
          ? command.getCommandSpec().optionsMap().keySet() : command.getSubcommands().keySet(),
          unmatched.getSuggestions());
      if (suggestions.isEmpty()) {
        return what + help;
      }
      return what + "; did you mean " + suggestions.stream().limit(3)
          .map(s -> "'" + s + "'").collect(Collectors.joining(" or ")) + "?";
    }
    String message = String.valueOf(e.getMessage()).lines().map(String::strip)
        .collect(Collectors.joining(" "));
    return message + help;
  }

  /** Exceptions that only carry another one across a thread or a reflective call. */
  static Exception unwrap(Exception e) {
    Throwable current = e;
    while ((current instanceof CompletionException || current instanceof ExecutionException
        || current instanceof UndeclaredThrowableException
        || current instanceof InvocationTargetException)
        && current.getCause() instanceof Exception cause) {
      current = cause;
    }
    return (Exception) current;
  }

  private static LocalDate date(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + value + "' is not a date as yyyy-MM-dd");
    }
  }

  /** ISO-8601 (PT6H, P2D) or a number with s, m, h or d (90s, 30m, 6h, 2d). */
  private static Duration duration(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("p")) {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      }
      if (text.length() >= 2) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        switch (text.charAt(text.length() - 1)) {
          case 's': return Duration.ofSeconds(amount);
          case 'm': return Duration.ofMinutes(amount);
          case 'h': return Duration.ofHours(amount);
          case 'd': return Duration.ofDays(amount);
          default: break;
        }
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      // described below
    }
    throw new TypeConversionException("'" + value + "' is not a duration such as PT6H, 6h, 30m"
        + " or 2d");
  }
}

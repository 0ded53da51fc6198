package io.dif.cli;

import io.dif.core.error.DifException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dif} command: local runs and operations of the data ingestion framework. */
@Command(name = "dif", mixinStandardHelpOptions = true, version = "dif 0.1.0",
    description = "DIF moves advertising data from APIs into the warehouse: extract to the raw"
        + " zone, transform with Spark to curated Parquet, load the warehouse.",
    subcommands = {RunCommand.class, ExtractCommand.class, TransformCommand.class,
        LoadCommand.class, ConfigCommand.class, SqlCommand.class, SecretsCommand.class,
        StatusCommand.class,
        CommandLine.HelpCommand.class})
public final class DifCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (used by tests too). */
  public static int execute(String... args) {
    CommandLine commandLine = new CommandLine(new DifCommand());
    commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof DifException dif) {
        line.getErr().println(dif.getMessage());
        line.getErr().println("(error " + dif.code() + (dif.retriable() ? ", retriable" : "")
            + ")");
        return dif.retriable() ? 75 : 2;
      }
      throw e;
    });
    return commandLine.execute(args);
  }
}

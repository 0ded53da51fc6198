package io.dif.cli;

import java.io.PrintStream;
import picocli.CommandLine.Option;

/** How a pipeline command prints its summary: lines for people or JSON for machines. */
final class SummaryOptions {
  @Option(names = "--json", description = "Print the summary as one JSON object on stdout"
      + " (runs, datasets, tables, failures with their error codes) instead of lines.")
  boolean json;

  RunSummary summary(PrintStream out) {
    return new RunSummary(out, json);
  }
}

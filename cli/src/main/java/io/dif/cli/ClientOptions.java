package io.dif.cli;

import java.time.LocalDate;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The client and the optional date range of a command. */
final class ClientOptions {
  @Option(names = "--client", required = true, paramLabel = "CLIENT",
      description = "Client id: reads <conf-dir>/CLIENT.yaml.")
  String client;

  @Option(names = "--from", paramLabel = "yyyy-MM-dd",
      description = "First data date (default: the config's window start).")
  LocalDate from;

  @Option(names = "--to", paramLabel = "yyyy-MM-dd",
      description = "Last data date, inclusive (default: the config's window end, or"
          + " yesterday).")
  LocalDate to;

  Optional<LocalDate> from() {
    return Optional.ofNullable(from);
  }

  Optional<LocalDate> to() {
    return Optional.ofNullable(to);
  }
}

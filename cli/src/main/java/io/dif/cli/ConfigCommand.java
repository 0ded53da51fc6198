package io.dif.cli;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.config.ClientConfigSchema;
import io.dif.core.config.ConfigProblem;
import io.dif.core.config.InvalidConfigException;
import io.dif.core.error.DifException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Work with client config files. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Check client config files or print their JSON Schema.",
    subcommands = {ConfigCommand.Check.class, ConfigCommand.Schema.class})
final class ConfigCommand implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Validate client config files and list every problem with file, line, config"
          + " path, value and rule. Exits 1 when any file has a problem.")
  static final class Check implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Client YAML files.")
    List<Path> files;

    @Override
    public Integer call() {
      int failed = 0;
      for (Path file : files) {
        try {
          ClientConfig config = new ClientConfigLoader().load(file);
          System.out.printf("%s: ok (client %s: %d sources, %d streams, %d datasets)%n", file,
              config.client(), config.sources().size(),
              config.sources().values().stream().mapToInt(s -> s.streams().size()).sum(),
              config.datasets().size());
        } catch (InvalidConfigException e) {
          failed++;
          System.out.printf("%s: %d problem%s%n", file, e.problems().size(),
              e.problems().size() == 1 ? "" : "s");
          for (ConfigProblem problem : e.problems()) {
            System.out.println("  " + problem);
          }
        } catch (DifException e) {
          failed++;
          System.out.println(e.getMessage());
        }
      }
      return failed == 0 ? 0 : 1;
    }
  }

  @Command(name = "schema", mixinStandardHelpOptions = true,
      description = "Print the JSON Schema of client config files (committed as "
          + ClientConfigSchema.COMMITTED_PATH + " for editors).")
  static final class Schema implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.print(ClientConfigSchema.generate());
      return 0;
    }
  }
}

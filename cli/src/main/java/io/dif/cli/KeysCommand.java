package io.dif.cli;

import io.dif.core.apikey.ApiKey;
import io.dif.core.apikey.ApiKeys;
import io.dif.core.config.ClientConfig;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.ingest.ApiKeyIssuer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** API keys of push sources: create (shown once), list (never the key), revoke. */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Manage the API keys clients push with (dif serve). Only a keyed hash of each"
        + " key is stored; a key is shown once, when it is created.",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class,
        KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create an API key for push source SOURCE of CLIENT; the key is printed"
          + " alone on the last line, once.")
  static final class Create implements Callable<Integer> {
    @Mixin
    Workspace workspace;

    @Mixin
    ControlOptions control;

    @Mixin
    KeyOptions keys;

    @Parameters(index = "0", paramLabel = "CLIENT")
    String client;

    @Parameters(index = "1", paramLabel = "SOURCE")
    String source;

    @Override
    public Integer call() {
      ClientConfig config = workspace.loadClient(client);
      if (config.sources().get(source) == null || !config.sources().get(source).pushed()) {
        List<String> pushed = config.sources().entrySet().stream()
            .filter(e -> e.getValue().pushed()).map(java.util.Map.Entry::getKey).toList();
        throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot create an API key"
            + " for " + client + "." + source + ": it is not a push source of the client;"
            + " push sources are " + (pushed.isEmpty() ? "none" : pushed));
      }
      control.with(keys);
      var stores = control.stores(workspace);
      ApiKeys.NewKey key = new ApiKeyIssuer(stores.apiKeys(),
          stores.credentials(control.keys(workspace), Clock.systemUTC()), Clock.systemUTC())
          .create(client, source);
      System.out.println("Created API key " + key.id() + " for " + client + "." + source
          + ". It is shown once: keep it now (send it as X-Api-Key or Authorization: Bearer).");
      System.out.println(key.key());
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List API keys: id, client, source, created, last used, revoked (never"
          + " the key).")
  static final class ListKeys implements Callable<Integer> {
    @Mixin
    DataFolder workspace;

    @Mixin
    ControlOptions control;

    @Option(names = "--client", paramLabel = "CLIENT", description = "Only this client's keys.")
    String client;

    @Override
    public Integer call() {
      List<ApiKey> found = control.stores(workspace).apiKeys().list(Optional.ofNullable(client));
      if (found.isEmpty()) {
        System.out.println("No API keys" + (client == null ? "" : " of client " + client)
            + "; create one with dif keys create CLIENT SOURCE");
        return 0;
      }
      TextTable table = new TextTable("ID", "CLIENT", "SOURCE", "CREATED", "LAST USED",
          "REVOKED");
      for (ApiKey key : found) {
        table.row(key.id(), key.client(), key.source(), key.createdAt().toString(),
            key.lastUsedAt().map(Instant::toString).orElse("never"),
            key.revokedAt().map(Instant::toString).orElse(""));
      }
      table.print(System.out);
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke API key ID: requests with it are refused (401) from now on.")
  static final class Revoke implements Callable<Integer> {
    @Mixin
    DataFolder workspace;

    @Mixin
    ControlOptions control;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      if (!control.stores(workspace).apiKeys().revoke(id, Instant.now())) {
        throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot revoke API key "
            + id + ": no such key (see dif keys list)");
      }
      System.out.println("Revoked API key " + id);
      return 0;
    }
  }
}

package io.dif.cli;

import io.dif.control.CredentialKeys;
import io.dif.control.EncryptedCredentialStore;
import io.dif.core.credential.CredentialInfo;
import io.dif.core.credential.CredentialKind;
import io.dif.core.credential.Secret;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Encrypted credentials of clients: put, list, delete, rotate the wrapping key. */
@Command(name = "secrets", mixinStandardHelpOptions = true,
    description = "Manage the encrypted credentials in the control store. Values are read from"
        + " stdin or a hidden prompt, never from arguments, and are never printed.",
    subcommands = {SecretsCommand.Put.class, SecretsCommand.ListCredentials.class,
        SecretsCommand.Delete.class, SecretsCommand.RotateKey.class})
final class SecretsCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Shared options of the subcommands. */
  static class StoreOptions {
    @Mixin
    DataFolder workspace;

    @Mixin
    ControlOptions control;

    EncryptedCredentialStore store() {
      return control.stores(workspace).credentials(control.keys(workspace), Clock.systemUTC());
    }
  }

  /** Subcommands that encrypt or decrypt values: they need the wrapping key. */
  static class KeyedStoreOptions extends StoreOptions {
    @Mixin
    KeyOptions keys;

    @Override
    EncryptedCredentialStore store() {
      control.with(keys);
      return super.store();
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true,
      description = "Store (or replace) credential NAME of CLIENT. The value is read from a"
          + " hidden prompt, or from stdin when it is not a terminal (one trailing line break"
          + " is dropped).")
  static final class Put extends KeyedStoreOptions implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLIENT")
    String client;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Option(names = "--kind", defaultValue = "API_KEY", paramLabel = "KIND",
        description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    CredentialKind kind;

    /** Caught only to refuse it without echoing it, as picocli's own error would. */
    @Parameters(index = "2..*", arity = "0..*", hidden = true)
    List<String> valueInArguments;

    @Override
    public Integer call() {
      if (valueInArguments != null && !valueInArguments.isEmpty()) {
        System.err.println("Cannot store credential " + client + "." + name + ": a value is never"
            + " taken from arguments (shell history and process lists keep them); type it at the"
            + " prompt or pipe it on stdin");
        return ErrorBoundary.USER_ERROR;
      }
      Secret value = readValue(client + "." + name);
      store().put(client, name, kind, value);
      System.out.println("Stored credential " + client + "." + name + " (" + kind + ")");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List credentials: client, name, kind, dates and wrapping key; never values.")
  static final class ListCredentials extends StoreOptions implements Callable<Integer> {
    @Option(names = "--client", paramLabel = "CLIENT", description = "Only this client.")
    String client;

    @Override
    public Integer call() {
      List<CredentialInfo> credentials = store().list(client);
      TextTable table = new TextTable("CLIENT", "NAME", "KIND", "CREATED", "UPDATED", "KEY");
      for (CredentialInfo info : credentials) {
        table.row(info.client(), info.name(), info.kind().name(), info.createdAt().toString(),
            info.updatedAt().toString(), info.keyId());
      }
      table.print(System.out);
      System.out.println(credentials.size() + " credential(s)");
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete credential NAME of CLIENT.")
  static final class Delete extends StoreOptions implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLIENT")
    String client;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      if (!store().delete(client, name)) {
        throw new ConfigurationException(ErrorCode.CREDENTIAL_MISSING,
            "Cannot delete credential " + client + "." + name + ": no such credential");
      }
      System.out.println("Deleted credential " + client + "." + name);
      return 0;
    }
  }

  @Command(name = "rotate-key", mixinStandardHelpOptions = true,
      description = "Re-encrypt every credential under a new wrapping key, then retire the old"
          + " one. Both keys decrypt until it completes; if interrupted, run it again.")
  static final class RotateKey extends StoreOptions implements Callable<Integer> {
    @Mixin
    KeyOptions keys;

    @Option(names = "--kms-next-key-id", paramLabel = "ARN",
        defaultValue = "${env:DIF_KMS_NEXT_KEY_ID}",
        description = "The KMS key the credentials move to (env DIF_KMS_NEXT_KEY_ID); with the"
            + " local key file a new key file is made.")
    String kmsNextKeyId;

    @Override
    public Integer call() {
      CredentialKeys rotating = keys.keys(workspace, Optional.ofNullable(kmsNextKeyId));
      EncryptedCredentialStore store = control.stores(workspace)
          .credentials(rotating, Clock.systemUTC());
      int rotated = store.rotateKey();
      System.out.println("Re-encrypted " + rotated + " credential(s) under key "
          + keys.keys(workspace, Optional.ofNullable(kmsNextKeyId)).activeKeyId());
      return 0;
    }
  }

  private static Secret readValue(String credential) {
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("Value of %s (hidden): ", credential);
      if (typed == null) {
        throw new ConfigurationException(ErrorCode.CONFIG_INVALID,
            "Cannot store credential " + credential + ": no value was typed");
      }
      try {
        return Secret.of(new String(typed));
      } finally {
        Arrays.fill(typed, '\0');
      }
    }
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      System.in.transferTo(buffer);
      String value = buffer.toString(StandardCharsets.UTF_8);
      if (value.endsWith("\n")) {
        value = value.substring(0, value.length() - (value.endsWith("\r\n") ? 2 : 1));
      }
      return Secret.of(value);
    } catch (IOException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID,
          "Cannot read the value of " + credential + " from stdin: " + e.getMessage());
    }
  }
}

package io.dif.extract;

import io.dif.core.credential.CredentialInfo;
import io.dif.core.credential.CredentialKind;
import io.dif.core.credential.Secret;
import io.dif.core.credential.WritableCredentialStore;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A credential store in memory, for tests; records every write. */
final class InMemoryCredentialStore implements WritableCredentialStore {
  private final Map<String, Secret> values = new ConcurrentHashMap<>();
  private final List<String> writes = new ArrayList<>();

  InMemoryCredentialStore with(String client, String name, String value) {
    values.put(client + "." + name, Secret.of(value));
    return this;
  }

  @Override
  public Secret get(String client, String name) {
    Secret secret = values.get(client + "." + name);
    if (secret == null) {
      throw new ConfigurationException(ErrorCode.CREDENTIAL_MISSING,
          "Cannot find credential " + client + "." + name);
    }
    return secret;
  }

  @Override
  public synchronized void put(String client, String name, CredentialKind kind, Secret value) {
    values.put(client + "." + name, value);
    writes.add(client + "." + name);
  }

  @Override
  public synchronized Secret putIfAbsent(String client, String name, CredentialKind kind,
      Secret value) {
    Secret stored = values.putIfAbsent(client + "." + name, value);
    if (stored != null) {
      return stored;
    }
    writes.add(client + "." + name);
    return value;
  }

  @Override
  public List<CredentialInfo> list(String client) {
    return values.keySet().stream().filter(k -> client == null || k.startsWith(client + "."))
        .sorted().map(k -> new CredentialInfo(k.substring(0, k.indexOf('.')),
            k.substring(k.indexOf('.') + 1), CredentialKind.API_KEY, Instant.EPOCH, Instant.EPOCH,
            "test")).toList();
  }

  @Override
  public boolean delete(String client, String name) {
    return values.remove(client + "." + name) != null;
  }

  synchronized List<String> writes() {
    return List.copyOf(writes);
  }
}

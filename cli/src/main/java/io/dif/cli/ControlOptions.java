package io.dif.cli;

import io.dif.control.ControlStores;
import io.dif.control.CredentialKeys;
import io.dif.control.KmsKeys;
import io.dif.control.LocalKeyFiles;
import io.dif.control.SqliteControlDatabase;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the control store and the credential keys are: the embedded defaults or AWS KMS. */
final class ControlOptions {
  @Option(names = "--key-file", paramLabel = "FILE",
      description = "Local AES key that wraps credential keys, created with mode 0600 on first"
          + " use (default: <data-dir>/keys/credentials.key).")
  Path keyFile;

  @Option(names = "--kms-key-id", paramLabel = "ARN", defaultValue = "${env:DIF_KMS_KEY_ID}",
      description = "Use this AWS KMS key instead of the local key file (env DIF_KMS_KEY_ID).")
  String kmsKeyId;

  @Option(names = "--kms-next-key-id", paramLabel = "ARN",
      defaultValue = "${env:DIF_KMS_NEXT_KEY_ID}",
      description = "The KMS key a rotation moves credentials to (env DIF_KMS_NEXT_KEY_ID).")
  String kmsNextKeyId;

  @Option(names = "--control-store", paramLabel = "URL",
      defaultValue = "${env:DIF_CONTROL_STORE}",
      description = "Where document states and encrypted credentials live:"
          + " sqlite:FILE (default: sqlite:<data-dir>/control.db) or"
          + " dynamodb:TABLE[?region=R&endpoint=URL] (env DIF_CONTROL_STORE).")
  String controlStore;

  ControlStores stores(Workspace workspace) {
    if (controlStore != null && !controlStore.isBlank()) {
      return ControlStores.open(controlStore);
    }
    return ControlStores.sqlite(
        SqliteControlDatabase.open(workspace.dataDir.resolve("control.db")));
  }

  CredentialKeys keys(Workspace workspace) {
    if (kmsKeyId != null && !kmsKeyId.isBlank()) {
      return new KmsKeys(kmsKeyId, Optional.ofNullable(kmsNextKeyId).filter(id -> !id.isBlank()));
    }
    return new LocalKeyFiles(keyFile != null ? keyFile
        : workspace.dataDir.resolve("keys").resolve("credentials.key"));
  }
}

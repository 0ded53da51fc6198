package io.dif.cli;

import io.dif.control.CredentialKeys;
import io.dif.control.KmsKeys;
import io.dif.control.LocalKeyFiles;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The key that wraps credential keys: the local key file or AWS KMS. */
final class KeyOptions {
  @Option(names = "--key-file", paramLabel = "FILE", defaultValue = "${env:DIF_KEY_FILE}",
      description = "Local AES key that wraps credential keys, created with mode 0600 on first"
          + " use (default: <data-dir>/keys/credentials.key).")
  Path keyFile;

  @Option(names = "--kms-key-id", paramLabel = "ARN", defaultValue = "${env:DIF_KMS_KEY_ID}",
      description = "Use this AWS KMS key instead of the local key file (env DIF_KMS_KEY_ID).")
  String kmsKeyId;

  CredentialKeys keys(DataFolder data) {
    return keys(data, Optional.empty());
  }

  void addTo(java.util.Map<io.dif.pipeline.ProfileKey, String> profile) {
    profile.put(io.dif.pipeline.ProfileKey.KEY_FILE, keyFile == null ? null : keyFile.toString());
    profile.put(io.dif.pipeline.ProfileKey.KMS_KEY_ID, kmsKeyId);
  }

  /** The keys, with the KMS key a rotation moves credentials to. */
  CredentialKeys keys(DataFolder data, Optional<String> kmsNextKeyId) {
    if (kmsKeyId != null && !kmsKeyId.isBlank()) {
      return new KmsKeys(kmsKeyId, kmsNextKeyId.filter(id -> !id.isBlank()));
    }
    return new LocalKeyFiles(keyFile != null ? keyFile
        : data.ready().resolve("keys").resolve("credentials.key"));
  }
}

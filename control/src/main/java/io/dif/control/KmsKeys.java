package io.dif.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * AWS KMS wrapping keys for production: KMS generates and wraps each credential's data key.
 * A rotation moves credentials from {@code keyId} to {@code nextKeyId} (both from config); once
 * it completed, the deployment sets {@code keyId} to the new key. Credentials come from the
 * default AWS provider chain (the task or Lambda role).
 */
public final class KmsKeys implements CredentialKeys {
  private final String keyId;
  private final Optional<String> nextKeyId;
  private final MaterialProviders materialProviders = MaterialProviders.builder()
      .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();

  public KmsKeys(String keyId, Optional<String> nextKeyId) {
    this.keyId = keyId;
    this.nextKeyId = nextKeyId;
  }

  @Override
  public IKeyring encrypting() {
    return keyring(activeKeyId(), List.of());
  }

  @Override
  public IKeyring decrypting() {
    List<String> others = new ArrayList<>();
    nextKeyId.ifPresent(others::add);
    return keyring(keyId, others);
  }

  @Override
  public String activeKeyId() {
    return nextKeyId.orElse(keyId);
  }

  @Override
  public String beginRotation() {
    return nextKeyId.orElseThrow(() -> new io.dif.core.error.ConfigurationException(
        io.dif.core.error.ErrorCode.CONFIG_INVALID, "Cannot rotate the KMS key " + keyId
            + ": no next key configured; set DIF_KMS_NEXT_KEY_ID to the new key's ARN"));
  }

  @Override
  public void completeRotation() {
    // KMS keys live in the deployment's config: switching DIF_KMS_KEY_ID is the last step.
  }

  private IKeyring keyring(String generator, List<String> others) {
    return materialProviders.CreateAwsKmsMultiKeyring(CreateAwsKmsMultiKeyringInput.builder()
        .generator(generator).kmsKeyIds(others).build());
  }
}

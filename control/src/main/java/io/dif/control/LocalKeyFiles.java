package io.dif.control;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Raw AES-256 wrapping keys in local files, for runs outside AWS. The key file (default
 * {@code ./data/keys/credentials.key}) is created on first use with mode 0600 in a 0700 folder;
 * during a rotation the new key waits in {@code <file>.next} until it replaces the old one.
 * A key file that other users may read is refused.
 */
public final class LocalKeyFiles implements CredentialKeys {
  public static final Path DEFAULT_FILE = Path.of("data", "keys", "credentials.key");
  private static final String NAMESPACE = "dif-local";
  private static final int KEY_BYTES = 32;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path file;
  private final Path next;
  private final MaterialProviders materialProviders = MaterialProviders.builder()
      .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();

  public LocalKeyFiles(Path file) {
    this.file = file;
    this.next = file.resolveSibling(file.getFileName() + ".next");
  }

  @Override
  public synchronized IKeyring encrypting() {
    return keyring(Files.exists(next) ? read(next) : readOrCreate(file));
  }

  @Override
  public synchronized IKeyring decrypting() {
    List<IKeyring> keyrings = new ArrayList<>();
    keyrings.add(keyring(readOrCreate(file)));
    if (Files.exists(next)) {
      keyrings.add(keyring(read(next)));
    }
    if (keyrings.size() == 1) {
      return keyrings.get(0);
    }
    return materialProviders.CreateMultiKeyring(CreateMultiKeyringInput.builder()
        .generator(keyrings.get(1)).childKeyrings(keyrings.subList(0, 1)).build());
  }

  @Override
  public synchronized String activeKeyId() {
    return keyId(Files.exists(next) ? read(next) : readOrCreate(file));
  }

  @Override
  public synchronized String beginRotation() {
    readOrCreate(file);
    return keyId(readOrCreate(next));
  }

  @Override
  public synchronized void completeRotation() {
    if (!Files.exists(next)) {
      return;
    }
    read(next);
    try {
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot complete key rotation: move " + next + " to "
          + file, e);
    }
  }

  private IKeyring keyring(byte[] key) {
    return materialProviders.CreateRawAesKeyring(CreateRawAesKeyringInput.builder()
        .keyNamespace(NAMESPACE).keyName(keyId(key)).wrappingKey(ByteBuffer.wrap(key))
        .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16).build());
  }

  /** A name for the key that reveals nothing of it: a truncated hash, like a key fingerprint. */
  static String keyId(byte[] key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update("dif-credential-key-id:".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "local-" + HexFormat.of().formatHex(digest.digest(key), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readOrCreate(Path path) {
    if (!Files.exists(path)) {
      create(path);
    }
    return read(path);
  }

  /** Writes a fresh key to a private temporary file, then links it in place: all or nothing. */
  private static void create(Path path) {
    try {
      Path folder = path.toAbsolutePath().getParent();
      if (!Files.isDirectory(folder)) {
        Files.createDirectories(folder,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      byte[] key = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(key);
      Path temporary = Files.createTempFile(folder, ".credentials", ".tmp",
          PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      try {
        Files.write(temporary, key);
        Files.setPosixFilePermissions(temporary, OWNER_ONLY);
        Files.createLink(path, temporary);
      } catch (FileAlreadyExistsException e) {
        // another process created it first: use theirs
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create credential key file " + path, e);
    }
  }

  private static byte[] read(Path path) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
      if (!OWNER_ONLY.containsAll(permissions)) {
        throw new ConfigurationException(ErrorCode.CREDENTIAL_UNREADABLE, "Cannot use credential"
            + " key file " + path + ": other users may access it ("
            + PosixFilePermissions.toString(permissions) + "); run chmod 600 " + path);
      }
      byte[] key = Files.readAllBytes(path);
      if (key.length != KEY_BYTES) {
        throw new ConfigurationException(ErrorCode.CREDENTIAL_UNREADABLE, "Cannot use credential"
            + " key file " + path + ": it holds " + key.length + " bytes, not " + KEY_BYTES);
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read credential key file " + path, e);
    }
  }
}

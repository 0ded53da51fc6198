package io.dif.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.credential.CredentialInfo;
import io.dif.core.credential.CredentialKind;
import io.dif.core.credential.Secret;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every encrypted credential store backend must do. */
abstract class CredentialStoreContractTest {
  static final Instant START = Instant.parse("2024-03-02T06:00:00Z");

  @TempDir
  Path folder;

  TestingClock clock;
  LocalKeyFiles keys;

  /** A store under test; each call for the same test sees the same stored rows. */
  abstract EncryptedCredentialStore store(LocalKeyFiles keys, TestingClock clock);

  /** The stored ciphertext of a credential, as the backend keeps it. */
  abstract byte[] storedCiphertext(String client, String name);

  /** Replaces a credential's stored ciphertext behind the store's back. */
  abstract void overwriteCiphertext(String client, String name, byte[] ciphertext);

  /**
   * Every file the backend writes, or for a server keeping data elsewhere a dump of every stored
   * item with each value as its raw bytes (to scan for plaintext); the first one holds the
   * credential items.
   */
  abstract List<Path> storageFiles() throws Exception;

  @BeforeEach
  void setUp() {
    clock = new TestingClock(START);
    keys = new LocalKeyFiles(folder.resolve("keys").resolve("credentials.key"));
  }

  /** Values with a marker no test data contains otherwise, one per kind. */
  static Map<String, Secret> secretsOfEachKind() {
    Map<String, Secret> secrets = new LinkedHashMap<>();
    for (CredentialKind kind : CredentialKind.values()) {
      secrets.put(kind.name().toLowerCase(), Secret.of("S3CR3T-" + kind + "-ünïcødé-€-x9Q"));
    }
    return secrets;
  }

  @Test
  void roundTripOfEachKind() {
    EncryptedCredentialStore store = store(keys, clock);
    for (CredentialKind kind : CredentialKind.values()) {
      Secret value = secretsOfEachKind().get(kind.name().toLowerCase());
      store.put("acme", kind.name().toLowerCase(), kind, value);
    }
    EncryptedCredentialStore reopened = store(keys, clock);
    for (CredentialKind kind : CredentialKind.values()) {
      String name = kind.name().toLowerCase();
      assertThat(reopened.get("acme", name)).isEqualTo(secretsOfEachKind().get(name));
    }
    assertThat(reopened.list("acme")).extracting(CredentialInfo::kind)
        .containsExactlyInAnyOrder(CredentialKind.values());
  }

  @Test
  void listShowsNamesKindsAndDatesAndDeleteRemoves() {
    EncryptedCredentialStore store = store(keys, clock);
    store.put("acme", "meta_token", CredentialKind.ACCESS_TOKEN, Secret.of("first-value"));
    clock.advance(Duration.ofHours(1));
    store.put("acme", "meta_token", CredentialKind.ACCESS_TOKEN, Secret.of("second-value"));
    store.put("beta", "google_key", CredentialKind.API_KEY, Secret.of("other-value"));

    CredentialInfo info = store.list("acme").get(0);
    assertThat(store.list("acme")).hasSize(1);
    assertThat(info.createdAt()).isEqualTo(START);
    assertThat(info.updatedAt()).isEqualTo(START.plus(Duration.ofHours(1)));
    assertThat(info.toString()).doesNotContain("second-value");
    assertThat(store.list(null)).extracting(CredentialInfo::client).containsExactly("acme", "beta");
    assertThat(store.get("acme", "meta_token").reveal()).isEqualTo("second-value");

    assertThat(store.delete("acme", "meta_token")).isTrue();
    assertThat(store.delete("acme", "meta_token")).isFalse();
    assertThatThrownBy(() -> store.get("acme", "meta_token"))
        .isInstanceOfSatisfying(ConfigurationException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CREDENTIAL_MISSING));
  }

  @Test
  void aCiphertextCopiedToAnotherClientOrNameDoesNotDecrypt() {
    EncryptedCredentialStore store = store(keys, clock);
    store.put("acme", "meta_token", CredentialKind.ACCESS_TOKEN, Secret.of("acme-value-123"));
    store.put("beta", "meta_token", CredentialKind.ACCESS_TOKEN, Secret.of("beta-value-456"));
    store.put("acme", "google_key", CredentialKind.API_KEY, Secret.of("google-value-789"));

    overwriteCiphertext("beta", "meta_token", storedCiphertext("acme", "meta_token"));
    overwriteCiphertext("acme", "google_key", storedCiphertext("acme", "meta_token"));

    assertThatThrownBy(() -> store.get("beta", "meta_token"))
        .isInstanceOfSatisfying(DifException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CREDENTIAL_UNREADABLE))
        .hasMessageContaining("Cannot decrypt credential beta.meta_token")
        .hasMessageContaining("belongs to credential acme.meta_token")
        .hasMessageNotContaining("acme-value-123");
    assertThatThrownBy(() -> store.get("acme", "google_key"))
        .hasMessageContaining("belongs to credential acme.meta_token");
    assertThat(store.get("acme", "meta_token").reveal()).isEqualTo("acme-value-123");
  }

  @Test
  void flippingAnyOneByteOfTheCiphertextFails() {
    EncryptedCredentialStore store = store(keys, clock);
    store.put("acme", "meta_token", CredentialKind.ACCESS_TOKEN, Secret.of("flip-value-123"));
    byte[] original = storedCiphertext("acme", "meta_token");
    // the header (context, wrapped key), the body and the signature-free footer
    for (int position : new int[] {5, original.length / 2, original.length - 1}) {
      byte[] flipped = original.clone();
      flipped[position] ^= 0x01;
      overwriteCiphertext("acme", "meta_token", flipped);
      assertThatThrownBy(() -> store.get("acme", "meta_token"))
          .as("byte %d", position)
          .isInstanceOfSatisfying(DifException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.CREDENTIAL_UNREADABLE))
          .hasMessageStartingWith("Cannot decrypt credential acme.meta_token")
          .hasMessageNotContaining("flip-value-123");
    }
    overwriteCiphertext("acme", "meta_token", original);
    assertThat(store.get("acme", "meta_token").reveal()).isEqualTo("flip-value-123");
  }

  @Test
  void rotationReencryptsEverythingUnderANewKeyAndKeepsItReadable() throws Exception {
    EncryptedCredentialStore store = store(keys, clock);
    Map<String, Secret> secrets = secretsOfEachKind();
    secrets.forEach((name, value) -> store.put("acme", name, CredentialKind.API_KEY, value));
    String oldKey = keys.activeKeyId();
    byte[] oldKeyBytes = Files.readAllBytes(folder.resolve("keys/credentials.key"));

    // an interrupted rotation: the new key exists, one credential moved, the rest did not
    String newKey = keys.beginRotation();
    String first = secrets.keySet().iterator().next();
    store.put("acme", first, CredentialKind.API_KEY, secrets.get(first));
    assertThat(store.list("acme")).extracting(CredentialInfo::keyId).contains(oldKey, newKey);
    EncryptedCredentialStore midway = store(new LocalKeyFiles(
        folder.resolve("keys").resolve("credentials.key")), clock);
    secrets.forEach((name, value) -> assertThat(midway.get("acme", name)).isEqualTo(value));

    int rotated = store.rotateKey();
    assertThat(rotated).isEqualTo(secrets.size() - 1);
    assertThat(newKey).isNotEqualTo(oldKey);
    assertThat(keys.activeKeyId()).isEqualTo(newKey);
    assertThat(store.list("acme")).extracting(CredentialInfo::keyId).containsOnly(newKey);
    assertThat(Files.exists(folder.resolve("keys/credentials.key.next"))).isFalse();
    assertThat(Files.readAllBytes(folder.resolve("keys/credentials.key")))
        .isNotEqualTo(oldKeyBytes);
    secrets.forEach((name, value) -> assertThat(store.get("acme", name)).isEqualTo(value));
    // running it again finds nothing left to move and rotates to yet another key
    assertThat(store.rotateKey()).isEqualTo(secrets.size());
    secrets.forEach((name, value) -> assertThat(store.get("acme", name)).isEqualTo(value));
  }

  @Test
  void noPlaintextInAnyStoredFile() throws Exception {
    EncryptedCredentialStore store = store(keys, clock);
    Map<String, Secret> secrets = secretsOfEachKind();
    secrets.forEach((name, value) -> store.put("acme", name, CredentialKind.API_KEY, value));
    store.rotateKey();
    List<Path> files = new ArrayList<>(storageFiles());
    try (Stream<Path> all = Files.walk(folder)) {
      all.filter(Files::isRegularFile).forEach(files::add);
    }
    assertThat(files).isNotEmpty();
    long scannedBytes = 0;
    for (Path file : files) {
      byte[] content = Files.readAllBytes(file);
      scannedBytes += content.length;
      String asLatin1 = new String(content, StandardCharsets.ISO_8859_1);
      for (Secret secret : secrets.values()) {
        for (byte[] needle : List.of(secret.reveal().getBytes(StandardCharsets.UTF_8),
            secret.reveal().getBytes(StandardCharsets.UTF_16LE),
            "S3CR3T-".getBytes(StandardCharsets.UTF_8))) {
          assertThat(asLatin1).as("%s", file)
              .doesNotContain(new String(needle, StandardCharsets.ISO_8859_1));
        }
      }
    }
    // the scan covered at least the stored ciphertexts (a file or a dump of the stored items)
    long ciphertextBytes = secrets.keySet().stream()
        .mapToLong(name -> storedCiphertext("acme", name).length).sum();
    assertThat(ciphertextBytes).isGreaterThan(secrets.size() * 100L);
    assertThat(scannedBytes).isGreaterThan(ciphertextBytes);
    // the scan would see a value stored in clear
    assertThat(new String(Files.readAllBytes(storageFiles().get(0)), StandardCharsets.ISO_8859_1))
        .contains("acme");
  }

  @Test
  void theKeyFileIsPrivateAndAnOpenOneIsRefused() throws Exception {
    EncryptedCredentialStore store = store(keys, clock);
    store.put("acme", "meta_token", CredentialKind.ACCESS_TOKEN, Secret.of("value-123"));
    Path keyFile = folder.resolve("keys/credentials.key");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    assertThat(Files.size(keyFile)).isEqualTo(32);
    Files.setPosixFilePermissions(keyFile,
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> store.get("acme", "meta_token"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("chmod 600");
  }

  @Test
  void secretsNeverPrintThemselves() {
    assertThat(Secret.of("value-123").toString()).isEqualTo("[hidden]");
  }

  @Test
  void putIfAbsentStoresOneValueAndEveryRacerGetsIt() throws Exception {
    EncryptedCredentialStore first = store(keys, clock);
    assertThat(first.putIfAbsent("acme", "sandbox_token", CredentialKind.ACCESS_TOKEN,
        Secret.of("value-a"))).isEqualTo(Secret.of("value-a"));
    assertThat(first.putIfAbsent("acme", "sandbox_token", CredentialKind.ACCESS_TOKEN,
        Secret.of("value-b"))).isEqualTo(Secret.of("value-a"));
    assertThat(first.get("acme", "sandbox_token")).isEqualTo(Secret.of("value-a"));

    // racers on their own store handles, released together
    int racers = 8;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(racers);
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(racers);
    List<java.util.concurrent.Future<Secret>> results = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      EncryptedCredentialStore store = store(keys, clock);
      String value = "racer-" + i;
      results.add(pool.submit(() -> {
        start.await(30, java.util.concurrent.TimeUnit.SECONDS);
        return store.putIfAbsent("beta", "sandbox_token", CredentialKind.ACCESS_TOKEN,
            Secret.of(value));
      }));
    }
    List<String> seen = new ArrayList<>();
    for (java.util.concurrent.Future<Secret> result : results) {
      seen.add(result.get(60, java.util.concurrent.TimeUnit.SECONDS).reveal());
    }
    pool.shutdown();
    assertThat(seen).hasSize(racers).allMatch(value -> value.equals(seen.get(0)))
        .allMatch(value -> value.startsWith("racer-"));
    assertThat(first.get("beta", "sandbox_token").reveal()).isEqualTo(seen.get(0));
    assertThat(first.list("beta")).hasSize(1);
    assertThatThrownBy(() -> first.putIfAbsent("beta", "other", CredentialKind.ACCESS_TOKEN,
        Secret.of(""))).isInstanceOf(ConfigurationException.class);
  }
}

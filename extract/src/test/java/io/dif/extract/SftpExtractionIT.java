package io.dif.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.EnvironmentCredentialStore;
import io.dif.core.error.DataException;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.raw.LocalRawStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example sftp_exports.yaml against Apache MINA SSHD's SFTP server in this JVM (a virtual
 * file system on a temporary folder): key and password logins, a file growing between the two
 * listings, a file landed once, PGP files decrypted, and a bad PGP file that lands nothing.
 */
class SftpExtractionIT {
  private static final String CLIENT = "example_sftp";
  private static final String ORDERS_1 = "order_id,day,amount\no1,2024-03-01,10.50\n";
  private static final String REFUNDS_1 = "refund_id,amount\nr1,3.20\n";
  @TempDir
  static Path files;
  private static SshServer server;
  private static KeyPair clientKey;
  private static PGPSecretKey pgpKey;
  private static String fingerprint;

  @BeforeAll
  static void startServer() throws Exception {
    KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    clientKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    fingerprint = KeyUtils.getFingerPrint(hostKey.getPublic());
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPasswordAuthenticator((user, password, session) -> user.equals("dif")
        && password.equals("sftp-secret"));
    server.setPublickeyAuthenticator((user, key, session) -> user.equals("dif")
        && KeyUtils.compareKeys(key, clientKey.getPublic()));
    server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    server.setFileSystemFactory(new VirtualFileSystemFactory(files));
    server.start();
    RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
    generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001),
        new SecureRandom(), 2048, 12));
    BcPGPKeyPair pair = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL,
        generator.generateKeyPair(), new Date());
    var sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
    pgpKey = new PGPSecretKey(PGPSignature.DEFAULT_CERTIFICATION, pair, "exports@example.com",
        sha1, null, null, new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL,
        HashAlgorithmTags.SHA256), new BcPBESecretKeyEncryptorBuilder(
        SymmetricKeyAlgorithmTags.AES_256, sha1).build("pgp-pass".toCharArray()));
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.stop();
  }

  @Test
  void keyLoginLandsStableNewFilesOnceAndDecryptsGoodPgpFiles(@TempDir Path raw)
      throws Exception {
    emptyServerFolders();
    Path orders = Files.createDirectories(files.resolve("outgoing/orders"));
    Path refunds = Files.createDirectories(files.resolve("outgoing/refunds"));
    Files.writeString(orders.resolve("orders_1.csv"), ORDERS_1);
    Path growing = orders.resolve("orders_2.csv");
    Files.writeString(growing, "order_id,day,amount\n");
    Files.write(refunds.resolve("refunds_1.csv.pgp"), encrypt(REFUNDS_1));
    byte[] bad = encrypt("refund_id,amount\nr2,1.00\n");
    bad[bad.length / 2] ^= 0x55; // tampered: its integrity check fails
    Files.write(refunds.resolve("refunds_2.csv.pgp"), bad);
    InMemoryCheckpoints state = new InMemoryCheckpoints();
    ClientConfig config = config(Map.of());

    // day 1: orders_2.csv grows while the extractor waits between its two listings
    ExtractionResult first = extractor(raw, state, duration -> {
      try {
        Files.writeString(growing, "o2,2024-03-01,1.00\n", StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).extract(config, plan(1));
    assertThat(landed(raw, "orders", 1)).containsExactly(Map.entry("/outgoing/orders/orders_1.csv",
        ORDERS_1));
    assertThat(landed(raw, "refunds", 1)).containsExactly(Map.entry(
        "/outgoing/refunds/refunds_1.csv.pgp", REFUNDS_1));
    assertThat(first.failures()).singleElement().satisfies(failure -> {
      assertThat(failure.stream()).isEqualTo("refunds");
      assertThat(failure.error()).isInstanceOf(DataException.class)
          .hasMessageStartingWith("Cannot decrypt 1 file(s) of stream"
              + " example_sftp.exports.refunds (nothing of them landed; the other files did):"
              + " /outgoing/refunds/refunds_2.csv.pgp: ");
    });

    // day 2: orders_2.csv is stable now; orders_1.csv and refunds_1 landed before
    ExtractionResult second = extractor(raw, state, duration -> { }).extract(config, plan(2));
    assertThat(landed(raw, "orders", 2)).containsOnlyKeys("/outgoing/orders/orders_2.csv");
    assertThat(landed(raw, "refunds", 2)).isEmpty();
    assertThat(second.failures()).singleElement()
        .satisfies(failure -> assertThat(failure.stream()).isEqualTo("refunds"));

    // a second run on day 2 lands the new orders_3.csv and carries orders_2.csv over: the
    // date's newest run, the one readers take, holds both
    Files.writeString(orders.resolve("orders_3.csv"), "order_id,day,amount\n");
    extractor(raw, state, duration -> { }).extract(config, plan(2));
    assertThat(landed(raw, "orders", 2)).containsOnlyKeys("/outgoing/orders/orders_2.csv",
        "/outgoing/orders/orders_3.csv");

    // day 3: orders_1.csv rewritten (another size and time): landed again
    Files.writeString(orders.resolve("orders_1.csv"), ORDERS_1 + "o3,2024-03-03,2.00\n");
    Files.setLastModifiedTime(orders.resolve("orders_1.csv"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    extractor(raw, state, duration -> { }).extract(config, plan(3));
    assertThat(landed(raw, "orders", 3)).containsOnlyKeys("/outgoing/orders/orders_1.csv");
  }

  @Test
  void passwordLoginAndAWrongPasswordOrHostKey(@TempDir Path raw) throws Exception {
    emptyServerFolders();
    Files.createDirectories(files.resolve("outgoing/orders"));
    Files.writeString(files.resolve("outgoing/orders/orders_9.csv"), ORDERS_1);
    Map<String, String> password = Map.of("private_key_credential: exports_ssh_key",
        "password_credential: exports_password");
    ExtractionResult result = extractor(raw, new InMemoryCheckpoints(), duration -> { })
        .extract(config(password), new ExtractionPlan(Optional.empty(), Optional.of("orders"),
            Optional.empty(), Optional.empty(), LocalDate.of(2024, 4, 1)));
    assertThat(result.failures()).isEmpty();
    assertThat(result.runs()).singleElement().satisfies(run -> assertThat(run.pages())
        .isPositive());

    Map<String, String> wrongKey = new HashMap<>(password);
    wrongKey.put(fingerprint, "SHA256:" + "A".repeat(43));
    ExtractionResult refused = extractor(raw, new InMemoryCheckpoints(), duration -> { })
        .extract(config(wrongKey), new ExtractionPlan(Optional.empty(), Optional.of("orders"),
            Optional.empty(), Optional.empty(), LocalDate.of(2024, 4, 2)));
    assertThat(refused.failures()).singleElement().satisfies(failure -> assertThat(
        failure.error().getMessage()).startsWith("Cannot ").contains("sftp://dif@127.0.0.1:")
        .doesNotContain("sftp-secret"));
  }

  private static void emptyServerFolders() throws IOException {
    if (Files.exists(files.resolve("outgoing"))) {
      try (Stream<Path> walk = Files.walk(files.resolve("outgoing"))) {
        for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  private static ExtractionPlan plan(int day) {
    return new ExtractionPlan(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), LocalDate.of(2024, 3, day));
  }

  private static Extractor extractor(Path raw, InMemoryCheckpoints state,
      ReportJob.Sleeper sleeper) throws Exception {
    Map<String, String> secrets = new HashMap<>();
    ByteArrayOutputStream key = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "dif", null, key);
    secrets.put(EnvironmentCredentialStore.variableName(CLIENT, "exports_ssh_key"),
        key.toString(StandardCharsets.UTF_8));
    secrets.put(EnvironmentCredentialStore.variableName(CLIENT, "exports_password"),
        "sftp-secret");
    ByteArrayOutputStream armored = new ByteArrayOutputStream();
    try (ArmoredOutputStream out = new ArmoredOutputStream(armored)) {
      pgpKey.encode(out);
    }
    secrets.put(EnvironmentCredentialStore.variableName(CLIENT, "exports_pgp_key"),
        armored.toString(StandardCharsets.US_ASCII));
    secrets.put(EnvironmentCredentialStore.variableName(CLIENT, "exports_pgp_passphrase"),
        "pgp-pass");
    return new Extractor(new LocalRawStore(new ZoneLayout(raw.toString())),
        new SourceHttpClients(new EnvironmentCredentialStore(secrets)),
        (name, source) -> "http://unused.invalid", Clock.systemUTC(), sleeper)
        .withSourceState(state);
  }

  /** The example, pointed at the test server; further edits of its text. */
  private static ClientConfig config(Map<String, String> edits) throws IOException {
    String text = Files.readString(ExampleScenario.EXAMPLES.resolve("sftp_exports.yaml"));
    Map<String, String> all = new HashMap<>(Map.of("host: sftp.example.com", "host: 127.0.0.1",
        "port: 22", "port: " + server.getPort(),
        "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8", fingerprint));
    all.putAll(edits);
    // the host key first, so an edit of the fingerprint applies to the test's
    for (String from : List.of("host: sftp.example.com", "port: 22",
        "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8")) {
      text = text.replace(from, all.remove(from));
    }
    for (Map.Entry<String, String> edit : all.entrySet()) {
      assertThat(text).contains(edit.getKey());
      text = text.replace(edit.getKey(), edit.getValue());
    }
    return new ClientConfigLoader().parse("sftp_exports.yaml", text);
  }

  /** The files (by remote path) and contents of the stream's newest run of March {day}. */
  private static Map<String, String> landed(Path raw, String stream, int day)
      throws IOException {
    LocalDate dt = LocalDate.of(2024, 3, day);
    Path dtFolder = raw.resolve("raw").resolve(CLIENT).resolve("exports").resolve(stream)
        .resolve("dt=" + dt);
    List<Path> manifests;
    try (Stream<Path> walk = Files.walk(dtFolder)) {
      manifests = walk.filter(p -> p.getFileName().toString().equals(ZoneLayout.MANIFEST))
          .toList();
    }
    assertThat(manifests).isNotEmpty();
    RawManifest manifest = null;
    Path newest = null;
    for (Path path : manifests) {
      try (InputStream in = Files.newInputStream(path)) {
        RawManifest read = RawManifest.fromJson(in);
        if (manifest == null || read.committedAt().isAfter(manifest.committedAt())) {
          manifest = read;
          newest = path;
        }
      }
    }
    manifests = List.of(newest);
    Map<String, String> contents = new java.util.TreeMap<>();
    for (RawManifest.Page page : manifest.pages()) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(
          manifests.get(0).resolveSibling(page.file())))) {
        contents.put(page.parent().get("file"), new String(in.readAllBytes(),
            StandardCharsets.UTF_8));
      }
    }
    try (Stream<Path> list = Files.list(manifests.get(0).getParent())) {
      assertThat(list.filter(p -> p.getFileName().toString().startsWith("page-")).count())
          .as("no file landed beyond the manifest's").isEqualTo(manifest.pages().size());
    }
    return contents;
  }

  private static byte[] encrypt(String text) throws Exception {
    byte[] plain = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PGPEncryptedDataGenerator encryption = new PGPEncryptedDataGenerator(
        new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
            .setWithIntegrityPacket(true).setSecureRandom(new SecureRandom()));
    PGPPublicKey publicKey = pgpKey.getPublicKey();
    encryption.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(publicKey));
    try (OutputStream encrypted = encryption.open(out, new byte[4096])) {
      PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
      try (OutputStream data = literal.open(encrypted, PGPLiteralData.BINARY, "export.csv",
          plain.length, new Date())) {
        data.write(plain);
      }
    }
    return out.toByteArray();
  }
}

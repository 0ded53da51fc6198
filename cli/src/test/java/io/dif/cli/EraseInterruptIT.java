package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.cli.TestingDifProcess.Exit;
import io.dif.cli.TestingDifProcess.Running;
import io.dif.control.ControlStores;
import io.dif.control.SqliteControlDatabase;
import io.dif.core.state.ErasureLedger;
import io.dif.sandbox.Lead;
import io.dif.sandbox.SandboxData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dif erase} as a real process, killed (SIGKILL) right after its first Iceberg commit:
 * the raw zone, erased last, still holds the person, the control store shows the erasure
 * unfinished, and {@code dif erase --reapply} completes it, after which no byte under the data
 * folder holds the person.
 */
class EraseInterruptIT {

  @Test
  void anErasureKilledAfterItsFirstCommitIsCompletedByReapplyingTheKeptRequests(
      @TempDir Path temp) throws Exception {
    Path data = temp.resolve("data");
    Exit demo = TestingDifProcess.runDemo(data);
    assertThat(demo.code()).as(demo.err()).isZero();
    Lead lead = SandboxData.of(42, 12).leads(LocalDate.of(2024, 1, 3),
        LocalDate.of(2024, 1, 3)).get(0);
    byte[] email = lead.email().getBytes(StandardCharsets.UTF_8);
    assertThat(filesHolding(data, email)).as("the person is landed").isNotEmpty();

    Path metadata = data.resolve("curated/demo/leads/metadata");
    long before = count(metadata);
    Running erase = TestingDifProcess.start(data, "erase", "--client", "demo", "--subject",
        "email=" + lead.email());
    boolean killed = false;
    while (erase.process().isAlive()) {
      if (count(metadata) > before) {
        erase.signal("KILL");
        killed = true;
        break;
      }
      Thread.sleep(5);
    }
    Exit exit = erase.await();
    assertThat(killed).as("killed before it ended: %s", exit.out()).isTrue();
    assertThat(exit.code()).isEqualTo(137);
    assertThat(filesHolding(data, email)).as("the raw zone goes last: it still holds the"
        + " person").anyMatch(file -> file.toString().contains("/raw/"));
    try (ControlStores stores = ControlStores.sqlite(SqliteControlDatabase.open(
        data.resolve("control.db")))) {
      assertThat(stores.erasures().erasures("demo")).singleElement()
          .satisfies(erasure -> assertThat(erasure.done()).isFalse());
    }

    Running again = TestingDifProcess.start(data, "erase", "--client", "demo", "--reapply",
        "--verify");
    Exit completed = again.await();
    assertThat(completed.code()).as(completed.err()).isZero();
    assertThat(completed.err()).contains("did not finish");
    assertThat(completed.out()).contains("1 found in the raw zone again")
        .contains("verified: no record or row matches the subject anywhere");
    assertThat(filesHolding(data, email)).as("the person anywhere under the data folder")
        .isEmpty();
    try (ControlStores stores = ControlStores.sqlite(SqliteControlDatabase.open(
        data.resolve("control.db")))) {
      List<ErasureLedger.Erasure> erasures = stores.erasures().erasures("demo");
      assertThat(erasures).hasSize(2).allSatisfy(erasure -> assertThat(erasure.done())
          .isTrue());
      assertThat(erasures.get(0).details()).startsWith("completed by erasure-");
    }
  }

  private static long count(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.count();
    }
  }

  /** The files under a folder whose bytes (gzip unpacked) hold the needle. */
  private static List<Path> filesHolding(Path folder, byte[] needle) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).filter(file -> holds(file, needle)).toList();
    }
  }

  private static boolean holds(Path file, byte[] needle) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (file.toString().endsWith(".gz")) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          bytes = in.readAllBytes();
        }
      }
      return new String(bytes, StandardCharsets.ISO_8859_1).contains(new String(needle,
          StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

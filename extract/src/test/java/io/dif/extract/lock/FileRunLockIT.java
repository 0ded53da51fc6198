package io.dif.extract.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.error.DifException;
import io.dif.core.error.ErrorCode;
import io.dif.core.state.FencingTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** File locks: the contract, and real processes contending for them. */
class FileRunLockIT extends RunLockContractTest {

  @Override
  protected RunLocks locks(FencingTokens tokens, Duration wait) {
    return RunLocks.onThisMachine(folder.resolve("locks"), tokens, wait);
  }

  @Override
  protected String holderPrefix() {
    return "pid " + ProcessHandle.current().pid() + " since ";
  }

  /** A holder process; returns once it holds the lock. */
  private Holder startHolder(String name) throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        TestingLockHolder.class.getName(), folder.resolve("locks").toString(),
        folder.resolve("control.db").toString(), name)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("the holder process took the lock").startsWith("HELD ");
    return new Holder(process, out, Long.parseLong(line.substring(5)));
  }

  private record Holder(Process process, BufferedReader out, long token) {}

  @Test
  void aSecondProcessIsRefusedWithTheHolderAndTakesTheLockOnceTheHolderIsKilled()
      throws Exception {
    String stream = stream();
    String name = RunLocks.streamLock("demo", "sandbox_ads", stream);
    Holder holder = startHolder(name);
    Path file = folder.resolve("locks").resolve("extract_demo.sandbox_ads." + stream + ".lock");
    RunLocks locks = locks(tokens(), Duration.ZERO);
    assertThatThrownBy(() -> locks.acquire(name))
        .isInstanceOf(DifException.class)
        .hasMessageMatching("Cannot extract demo\\.sandbox_ads\\." + stream + ": it is being"
            + " extracted by pid " + holder.process().pid() + " since \\d{4}-\\d\\d-\\d\\dT"
            + "\\d\\d:\\d\\d:\\d\\dZ \\(lock " + java.util.regex.Pattern.quote(file.toString())
            + "\\)")
        .satisfies(e -> assertThat(((DifException) e).code()).isEqualTo(ErrorCode.RUN_LOCKED));

    holder.process().destroyForcibly(); // SIGKILL: no shutdown hook, no release by the JVM
    assertThat(holder.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    try (RunLocks.RunLock lock = locks.acquire(name)) {
      assertThat(lock.fencingToken()).isGreaterThan(holder.token());
      lock.checkHeld();
    }
  }

  @Test
  void aProcessWaitingWithLockWaitTakesTheLockWhenTheHolderProcessReleasesIt()
      throws Exception {
    String name = RunLocks.clientTransformLock(stream());
    Holder holder = startHolder(name);
    RunLocks waiting = locks(tokens(), Duration.ofSeconds(60));
    Thread release = new Thread(() -> {
      try {
        holder.process().getOutputStream().write('\n');
        holder.process().getOutputStream().flush();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    release.start();
    try (RunLocks.RunLock lock = waiting.acquire(name)) {
      assertThat(lock.fencingToken()).isGreaterThan(holder.token());
    }
    assertThat(holder.out().readLine()).as("the holder still held its lock at release")
        .isEqualTo("RELEASED");
    assertThat(holder.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(holder.process().exitValue()).isZero();
  }

  @Test
  void aHolderWhoseLockFileWasRemovedIsFencedByTheNextRun() throws Exception {
    // an operator cleans the locks folder while a run holds a lock: the next run takes a new
    // file, and the fencing token stops the first run from committing
    FencingTokens tokens = tokens();
    String name = RunLocks.streamLock("acme", "meta", stream());
    RunLocks locks = locks(tokens, Duration.ZERO);
    Holder holder = startHolder(name);
    Files.delete(folder.resolve("locks").resolve(FileRunLocks.fileName(name)));
    try (RunLocks.RunLock newer = locks.acquire(name)) {
      assertThat(newer.fencingToken()).isGreaterThan(holder.token());
      holder.process().getOutputStream().write('\n');
      holder.process().getOutputStream().flush();
      assertThat(holder.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      // the holder's checkHeld before releasing failed: it exits non-zero without RELEASED
      assertThat(holder.process().exitValue()).isNotZero();
      newer.checkHeld();
    }
  }

  @Test
  void lockFileNamesAreSafeAndDistinct() {
    assertThat(FileRunLocks.fileName("extract:demo.sandbox_ads.insights"))
        .isEqualTo("extract_demo.sandbox_ads.insights.lock");
    String load = FileRunLocks.fileName("load:duckdb:/" + "x".repeat(200) + "/warehouse.duckdb");
    assertThat(load).hasSizeLessThanOrEqualTo(105).doesNotContain("/").endsWith(".lock");
    assertThat(load).isNotEqualTo(FileRunLocks.fileName("load:duckdb:/" + "x".repeat(200)
        + "/other.duckdb"));
  }
}

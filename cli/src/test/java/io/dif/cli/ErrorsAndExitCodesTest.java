package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.core.run.StopSignal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Exit codes and messages at the CLI boundary: user mistakes are one line and exit 1, rejections
 * 2, retriable failures 75, stops 130/143, bugs 70 with the stack trace in the log file only.
 */
class ErrorsAndExitCodesTest {
  private static final String CLIENT = """
      version: 1
      client: %s
      sources:
        api:
          base_url: http://127.0.0.1:9/v1
          streams:
            items:
              request: { path: /items }
              records: /data
      datasets:
        items:
          from: api.items
          columns:
            - { name: id, type: string, required: true }
          key: [id]
          destination: { table: t.items, mode: merge }
      """;

  @TempDir
  Path folder;

  private Path conf;
  private Path data;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void setUp() throws Exception {
    conf = Files.createDirectories(folder.resolve("conf"));
    data = folder.resolve("data");
    Files.writeString(conf.resolve("acme.yaml"), CLIENT.formatted("acme"));
    Files.writeString(conf.resolve("globex.yaml"), CLIENT.formatted("globex"));
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private int dif(String... args) {
    out.reset();
    err.reset();
    return DifCommand.execute(args);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Exactly one line on stderr, no stack trace, nothing on stdout. */
  private String oneErrorLine() {
    assertThat(stderr()).doesNotContain("Exception");
    return oneLineWithoutStackTrace();
  }

  private String oneLineWithoutStackTrace() {
    assertThat(stderr().lines().toList()).as(stderr()).hasSize(1);
    assertThat(stderr()).doesNotContain("\tat ");
    return stderr().strip();
  }

  @Test
  void aMisspeltOptionIsNamedWithTheClosestOne() {
    assertThat(dif("run", "--clinet", "demo")).isEqualTo(1);
    assertThat(oneErrorLine()).isEqualTo("Unknown option: '--clinet'; did you mean '--client'?");
    assertThat(stdout()).isEmpty();

    assertThat(dif("extract", "--client", "acme", "--sorce", "api")).isEqualTo(1);
    assertThat(oneErrorLine()).isEqualTo("Unknown option: '--sorce'; did you mean '--source'?");
  }

  @Test
  void aMisspeltCommandIsNamedWithTheClosestOne() {
    assertThat(dif("rnu")).isEqualTo(1);
    assertThat(oneErrorLine()).isEqualTo("Unknown command: 'rnu'; did you mean 'run'?");
    assertThat(dif("secrets", "lsit")).isEqualTo(1);
    assertThat(oneErrorLine()).contains("'lsit'").contains("did you mean 'list'?");
  }

  @Test
  void aMissingRequiredOptionIsOneLine() {
    assertThat(dif("run")).isEqualTo(1);
    assertThat(oneErrorLine()).startsWith("Missing required option: '--client=CLIENT'")
        .contains("dif run --help");
  }

  @Test
  void badDatesAndDurationsNameTheOption() {
    assertThat(dif("extract", "--client", "acme", "--conf-dir", conf.toString(), "--from",
        "2024-13-01")).isEqualTo(1);
    assertThat(oneErrorLine()).contains("'--from'").contains("'2024-13-01' is not a date");
    assertThat(dif("status", "--client", "acme", "--stuck-after", "6 hours")).isEqualTo(1);
    assertThat(oneErrorLine()).contains("'--stuck-after'").contains("'6 hours'");
    assertThat(dif("status", "--client", "acme", "--state", "LODED")).isEqualTo(1);
    assertThat(oneErrorLine()).contains("'--state'").contains("LOADED");
  }

  @Test
  void enumValuesAndShortDurationsAreAcceptedInAnyCase() {
    assertThat(dif("status", "--client", "acme", "--conf-dir", conf.toString(), "--data-dir",
        data.toString(), "--state", "loaded", "--stuck-after", "6h")).isZero();
    assertThat(stdout()).contains("state=LOADED").contains("PT6H");
  }

  @Test
  void anUnknownClientIsRefusedByEveryCommandWithTheClientsThatExist() {
    for (String command : List.of("run", "extract", "transform", "load", "status")) {
      assertThat(dif(command, "--client", "nosuch", "--conf-dir", conf.toString(),
          "--data-dir", data.toString())).as(command).isEqualTo(1);
      assertThat(oneErrorLine()).isEqualTo("Cannot find client nosuch: no file "
          + conf.resolve("nosuch.yaml") + "; clients are: acme, globex");
    }
  }

  @Test
  void aClientFileThatSaysAnotherClientIsRefused() throws Exception {
    Files.writeString(conf.resolve("initech.yaml"), CLIENT.formatted("acme"));
    assertThat(dif("extract", "--client", "initech", "--conf-dir", conf.toString(),
        "--data-dir", data.toString())).isEqualTo(1);
    assertThat(oneErrorLine()).contains("initech.yaml").contains("client: acme");
  }

  @Test
  void loadingBeforeAnyTransformSaysWhatToRun() {
    assertThat(dif("load", "--client", "acme", "--conf-dir", conf.toString(), "--data-dir",
        data.toString())).isEqualTo(1);
    assertThat(oneErrorLine()).isEqualTo("Cannot load client acme: nothing is curated yet for"
        + " dataset items; run dif transform --client acme first (or dif run --client acme)");
  }

  @Test
  void aStrayFolderInTheCuratedZoneIsNotATableNorACrash() throws Exception {
    // curated datasets are Iceberg tables: a folder someone left there is no curated data
    Files.createDirectories(data.resolve("curated/acme/items/dt=yesterday"));
    assertThat(dif("load", "--client", "acme", "--conf-dir", conf.toString(), "--data-dir",
        data.toString())).isEqualTo(1);
    assertThat(oneErrorLine()).startsWith("Cannot load client acme: nothing is curated yet for"
        + " dataset items");
  }

  @Test
  void sqlMistakesAreOneLine() throws Exception {
    assertThat(dif("sql", "--data-dir", data.toString(), "SELECT 1")).isEqualTo(1);
    assertThat(oneErrorLine()).startsWith("Cannot query the warehouse: there is none yet");

    Files.createDirectories(data);
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"
        + data.resolve("warehouse.duckdb"));
        Statement statement = duckdb.createStatement()) {
      statement.execute("CREATE SCHEMA t");
      statement.execute("CREATE TABLE t.items (id VARCHAR)");
    }
    assertThat(dif("sql", "--data-dir", data.toString(), "SELEC 1")).isEqualTo(1);
    assertThat(oneErrorLine()).startsWith("Cannot run the query: Parser Error: syntax error")
        .doesNotContain("java.sql");
    assertThat(dif("sql", "--data-dir", data.toString(), "SELECT * FROM t.itemz")).isEqualTo(1);
    assertThat(oneErrorLine()).contains("itemz does not exist").contains("Did you mean");
    assertThat(dif("sql", "--data-dir", data.toString(), "SELECT count(*) AS n FROM t.items"))
        .isZero();
    assertThat(stdout()).contains("(1 row)");
  }

  @Test
  void aDataFolderThatCannotBeCreatedIsNamed() throws Exception {
    Path file = Files.writeString(folder.resolve("not-a-folder"), "x");
    for (List<String> command : List.of(
        List.of("run", "--client", "acme", "--conf-dir", conf.toString()),
        List.of("status", "--client", "acme", "--conf-dir", conf.toString()),
        List.of("secrets", "list"))) {
      String[] args = java.util.stream.Stream.concat(command.stream(),
          java.util.stream.Stream.of("--data-dir", file.resolve("data").toString()))
          .toArray(String[]::new);
      assertThat(dif(args)).as(command.toString()).isEqualTo(1);
      assertThat(oneErrorLine()).isEqualTo("Cannot use data folder " + file.resolve("data")
          + ": " + file + " is a file, not a folder (give another with --data-dir)");
    }
  }

  @Test
  void eachCommandOffersOnlyTheOptionsItUses() {
    Map<String, List<String>> foreign = Map.of(
        "extract", List.of("--postgres-url", "--kms-next-key-id"),
        "transform", List.of("--postgres-url", "--redis-url", "--kms-next-key-id"),
        "load", List.of("--redis-url", "--key-file", "--kms-key-id", "--kms-next-key-id"),
        "status", List.of("--kms-next-key-id", "--kms-key-id", "--key-file", "--postgres-url"),
        "sql", List.of("--conf-dir", "--control-store", "--key-file", "--postgres-url"),
        "secrets list", List.of("--conf-dir", "--kms-next-key-id", "--postgres-url"),
        "secrets put", List.of("--conf-dir", "--kms-next-key-id", "--redis-url"),
        "run", List.of("--kms-next-key-id"));
    Map<String, List<String>> own = Map.of(
        "run", List.of("--postgres-url", "--redis-url", "--key-file", "--conf-dir"),
        "load", List.of("--postgres-url", "--conf-dir", "--control-store"),
        "extract", List.of("--redis-url", "--key-file"),
        "secrets rotate-key", List.of("--kms-next-key-id", "--kms-key-id"),
        "sql", List.of("--data-dir"));
    foreign.forEach((command, options) -> {
      assertThat(dif((command + " --help").split(" "))).isZero();
      assertThat(stdout()).as(command).doesNotContain(options.toArray(String[]::new));
    });
    own.forEach((command, options) -> {
      assertThat(dif((command + " --help").split(" "))).isZero();
      assertThat(stdout()).as(command).contains(options);
    });
  }

  /** A command that fails the way it is told, to check the boundary alone. */
  @Command(name = "fail")
  static final class Fail implements Callable<Integer> {
    @Mixin
    DataFolder data;

    @CommandLine.Parameters(index = "0")
    String how;

    @Override
    public Integer call() {
      switch (how) {
        case "rejected" -> throw new DataException(ErrorCode.LOAD_REJECTED,
            "Cannot load dataset acme.items: value too long");
        case "retriable" -> throw new RetriableException(ErrorCode.WAREHOUSE_BUSY,
            "Cannot open warehouse: locked", null);
        case "sigint", "sigterm" -> {
          StopSignal stop = new StopSignal();
          stop.request(how.toUpperCase(), how.equals("sigint") ? 130 : 143);
          stop.check("extracting acme.api.items");
        }
        default -> throw new IllegalStateException("the bug of the day");
      }
      return 0;
    }
  }

  private int fail(String how, Path dataDir) {
    out.reset();
    err.reset();
    CommandLine dif = DifCommand.commandLine();
    dif.addSubcommand(new Fail());
    return dif.execute("fail", how, "--data-dir", dataDir.toString());
  }

  @Test
  void rejectionsExit2AndRetriableFailures75() {
    assertThat(fail("rejected", data)).isEqualTo(2);
    assertThat(oneErrorLine()).isEqualTo("Cannot load dataset acme.items: value too long"
        + " (error LOAD_REJECTED)");
    assertThat(fail("retriable", data)).isEqualTo(75);
    assertThat(oneErrorLine()).startsWith("Cannot open warehouse: locked (error WAREHOUSE_BUSY,"
        + " retriable");
  }

  @Test
  void aStoppedRunExitsWithItsSignalsCodeSayingTheNextRunResumes() {
    assertThat(fail("sigint", data)).isEqualTo(130);
    assertThat(oneErrorLine()).contains("extracting acme.api.items").contains("SIGINT")
        .contains("kept").contains("next run resumes");
    assertThat(fail("sigterm", data)).isEqualTo(143);
    assertThat(oneErrorLine()).contains("SIGTERM");
  }

  @Test
  void anInternalErrorExits70WithTheStackTraceInTheLogOnly() throws Exception {
    assertThat(fail("bug", data)).isEqualTo(70);
    Path log = data.toAbsolutePath().resolve("logs").resolve("dif.log");
    assertThat(oneLineWithoutStackTrace()).contains("Internal error").contains("the bug of the day")
        .endsWith("the stack trace is in " + log);
    assertThat(Files.readString(log)).contains("java.lang.IllegalStateException: the bug of"
        + " the day").contains("\tat io.dif.cli.ErrorsAndExitCodesTest$Fail.call");

    Path file = Files.writeString(folder.resolve("not-a-folder"), "x");
    assertThat(fail("bug", file.resolve("data"))).isEqualTo(70);
    String line = oneLineWithoutStackTrace();
    Path fallback = Path.of(line.substring(line.indexOf("the stack trace is in ")
        + "the stack trace is in ".length()));
    try {
      assertThat(fallback).isRegularFile();
      assertThat(fallback.startsWith(file)).isFalse();
      assertThat(Files.readString(fallback)).contains("IllegalStateException");
    } finally {
      Files.deleteIfExists(fallback);
    }
  }
}

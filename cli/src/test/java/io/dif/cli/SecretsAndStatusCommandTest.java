package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.control.SqliteControlDatabase;
import io.dif.control.SqliteStateStore;
import io.dif.core.state.DocumentId;
import io.dif.core.state.DocumentState;
import io.dif.core.state.RowCounts;
import io.dif.core.state.StateStore;
import io.dif.core.state.Transition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsAndStatusCommandTest {
  private static final String VALUE = "tok-Zq81-secret-value";
  /** The project's client files: status reads the client's file. */
  private static final String CONF = Path.of("..", "conf", "clients").toString();

  @TempDir
  Path dataDir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;
  private InputStream originalIn;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    originalIn = System.in;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    System.setIn(originalIn);
  }

  private int dif(String stdin, String... args) {
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    return DifCommand.execute(args);
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aValueGivenAsAnArgumentIsRefusedWithoutBeingEchoed() {
    int exit = dif("", "secrets", "put", "--data-dir", dataDir.toString(), "acme", "meta_token",
        VALUE);
    assertThat(exit).isNotZero();
    assertThat(output()).contains("a value is never taken from arguments")
        .doesNotContain(VALUE);
    assertThat(dataDir.resolve("control.db")).doesNotExist();
  }

  @Test
  void secretsPutListRotateDeleteNeverShowTheValue() throws Exception {
    String data = dataDir.toString();
    assertThat(dif(VALUE + "\n", "secrets", "put", "--data-dir", data, "--kind", "ACCESS_TOKEN",
        "acme", "meta_token")).isZero();
    assertThat(dif("", "secrets", "list", "--data-dir", data)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("acme", "meta_token", "ACCESS_TOKEN", "1 credential(s)");
    assertThat(dif("", "secrets", "rotate-key", "--data-dir", data)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Re-encrypted 1 credential(s)");

    var store = new io.dif.control.SqliteCredentialStore(
        SqliteControlDatabase.open(dataDir.resolve("control.db")),
        new io.dif.control.LocalKeyFiles(dataDir.resolve("keys/credentials.key")),
        Clock.systemUTC());
    assertThat(store.get("acme", "meta_token").reveal()).isEqualTo(VALUE);

    assertThat(dif("", "secrets", "delete", "--data-dir", data, "acme", "meta_token")).isZero();
    assertThat(dif("", "secrets", "delete", "--data-dir", data, "acme", "meta_token"))
        .isEqualTo(1);
    assertThat(output()).contains("no such credential").doesNotContain(VALUE);
    assertThat(Files.readString(dataDir.resolve("control.db"), StandardCharsets.ISO_8859_1))
        .doesNotContain(VALUE);
  }

  @Test
  void theValueIsNeverAcceptedAsAnArgument() {
    assertThat(dif("", "secrets", "put", "--data-dir", dataDir.toString(), "acme", "meta_token",
        VALUE)).isNotZero();
    assertThat(dif("", "secrets", "list", "--data-dir", dataDir.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 credential(s)");
  }

  @Test
  void statusCountsStatesAndListsStuckDocuments() {
    // the pages landed 8 hours ago; two were loaded just now, after the client's last scheduled
    // run whatever the time of day, so the client is not late: the third page, stuck, is its
    // problem
    var database = SqliteControlDatabase.open(dataDir.resolve("control.db"));
    StateStore eightHoursAgo = new SqliteStateStore(database, Clock.fixed(
        Instant.now().minus(Duration.ofHours(8)), ZoneOffset.UTC));
    StateStore justNow = new SqliteStateStore(database, Clock.systemUTC());
    LocalDate day = LocalDate.parse("2024-03-01");
    List<DocumentId> ids = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    for (int page = 0; page < 3; page++) {
      DocumentId id = new DocumentId("demo", "sandbox_ads", "insights", day, "run-1",
          "page-0000" + page + ".json.gz");
      ids.add(id);
      versions.add(eightHoursAgo.land(id, Transition.to(DocumentState.LANDED, "run-1", "extract",
          new RowCounts(0, 10, 0))).version());
    }
    for (int page = 0; page < 2; page++) {
      var curated = justNow.transition(ids.get(page), versions.get(page), Transition.to(
          DocumentState.CURATED, "t-1", "transform", new RowCounts(10, 10, 0)));
      justNow.transition(ids.get(page), curated.version(), Transition.to(DocumentState.LOADED,
          "l-1", "load", new RowCounts(10, 10, 0)));
    }
    assertThat(dif("", "status", "--data-dir", dataDir.toString(), "--conf-dir", CONF, "--client", "demo"))
        .isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).containsPattern("LOADED\\s+2").containsPattern("LANDED\\s+1")
        .containsPattern("TOTAL\\s+3")
        .contains("1 document(s) stuck for longer than PT6H")
        .containsPattern("page-00002\\.json\\.gz\\s+LANDED");

    out.reset();
    assertThat(dif("", "status", "--data-dir", dataDir.toString(), "--conf-dir", CONF, "--client", "demo",
        "--state", "LOADED", "--stuck-after", "PT12H")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("TOTAL\\s+2")
        .contains("No document stuck");

    // every client at a glance, for people and for machines
    out.reset();
    assertThat(dif("", "status", "--data-dir", dataDir.toString(), "--conf-dir", CONF)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .containsPattern("demo +20\\d\\d-\\d\\d-\\d\\dT[0-9:]+Z +campaigns none,"
            + " ad_insights_daily 2024-03-01.* +1 +0 +1"
            + " +(20\\d\\d-\\d\\d-\\d\\dT[0-9:]+Z|unscheduled)" // the next scheduled run
            + " +stuck documents: dif status --client demo");
    out.reset();
    assertThat(dif("", "status", "--data-dir", dataDir.toString(), "--conf-dir", CONF,
        "--client", "demo", "--json")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("\"client\" : \"demo\"")
        .contains("\"state\" : \"LOADED\",\n    \"documents\" : 2")
        .contains("\"stuck\" : [ {");
  }
}

package io.dif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.sandbox.Ad;
import io.dif.sandbox.AdInsight;
import io.dif.sandbox.Campaign;
import io.dif.sandbox.Lead;
import io.dif.sandbox.SandboxData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import io.dif.core.state.DocumentQuery;
import io.dif.core.state.DocumentState;
import io.dif.core.state.DocumentStatus;
import io.dif.core.state.StateStore;
import io.dif.core.state.TransitionRecord;
import io.dif.pipeline.ControlPlane;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The demo client end to end through the dif command: sandbox → raw → Spark → DuckDB. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoRunIT {
  private static final Path CONF = Path.of("..", "conf", "clients").toAbsolutePath().normalize();

  @TempDir
  static Path data;

  private static String firstRunOutput;

  @BeforeAll
  static void runDemoOnce() {
    firstRunOutput = dif("run", "--client", "demo");
  }

  private static String dif(String... args) {
    // dif sql reads the warehouse only: it takes no client configuration folder
    Stream<String> folders = args[0].equals("sql") ? Stream.of("--data-dir", data.toString())
        : Stream.of("--conf-dir", CONF.toString(), "--data-dir", data.toString());
    String[] all = Stream.concat(Stream.of(args), folders).toArray(String[]::new);
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = DifCommand.execute(all);
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    original.print(output);
    assertThat(exit).as("exit code of dif %s", String.join(" ", args)).isZero();
    return output;
  }

  private static Connection warehouse() throws SQLException {
    return DriverManager.getConnection("jdbc:duckdb:" + data.resolve("warehouse.duckdb"));
  }

  private static long scalar(String query) throws SQLException {
    try (Connection c = warehouse(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static String checksum() throws SQLException {
    try (Connection c = warehouse(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*), sum(impressions), sum(clicks), sum(spend),"
            + " min(day), max(day), count(DISTINCT ad_id) FROM demo.ad_insights_daily")) {
      r.next();
      return r.getLong(1) + "|" + r.getLong(2) + "|" + r.getLong(3) + "|" + r.getBigDecimal(4)
          + "|" + r.getString(5) + "|" + r.getString(6) + "|" + r.getLong(7);
    }
  }

  @Test
  @Order(1)
  void warehouseHoldsEveryAdOfEveryDayWithExactValues() throws SQLException {
    SandboxData sandbox = SandboxData.of(42, 12);
    long ads = sandbox.campaigns().stream().mapToLong(c -> sandbox.ads(c).size()).sum();
    assertThat(scalar("SELECT count(*) FROM demo.ad_insights_daily")).isEqualTo(ads * 7);
    assertThat(scalar("SELECT count(*) FROM demo.campaigns")).isEqualTo(12);

    // the pinned first row of the sandbox (seed 42): campaign 1, its first ad, 2024-01-01
    try (Connection c = warehouse(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT campaign_id, impressions, clicks, spend, currency"
            + " FROM demo.ad_insights_daily WHERE ad_id = '1300000000101'"
            + " AND day = DATE '2024-01-01'")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("1200000000001");
      assertThat(r.getLong(2)).isEqualTo(3618);
      assertThat(r.getLong(3)).isEqualTo(20);
      assertThat(r.getBigDecimal(4)).isEqualTo(new BigDecimal("13.9344"));
      assertThat(r.getString(5)).isEqualTo("EUR");
      assertThat(r.next()).isFalse();
    }

    // every value of one whole day matches what the API served
    Campaign last = sandbox.campaigns().get(11);
    BigDecimal expectedSpend = BigDecimal.ZERO;
    long expectedImpressions = 0;
    for (Ad ad : sandbox.ads(last)) {
      AdInsight insight = sandbox.insight(ad, LocalDate.of(2024, 1, 7));
      expectedSpend = expectedSpend.add(insight.spend());
      expectedImpressions += insight.impressions();
    }
    try (Connection c = warehouse(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT sum(spend), sum(impressions) FROM"
            + " demo.ad_insights_daily WHERE campaign_id = '" + last.id() + "'"
            + " AND day = DATE '2024-01-07'")) {
      r.next();
      assertThat(r.getBigDecimal(1)).isEqualByComparingTo(expectedSpend);
      assertThat(r.getLong(2)).isEqualTo(expectedImpressions);
    }
    try (Connection c = warehouse(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT name, daily_budget FROM demo.campaigns"
            + " WHERE campaign_id = '1200000000001'")) {
      r.next();
      assertThat(r.getString(1)).isEqualTo("Campaign 01 - Lookalike Audiences");
      assertThat(r.getBigDecimal(2)).isEqualTo(new BigDecimal("235.00"));
    }
  }

  @Test
  @Order(1)
  void leadsAreLoadedWithTheirPersonalDataAnonymized() throws SQLException {
    List<Lead> leads = SandboxData.of(42, 12).leads(LocalDate.of(2024, 1, 1),
        LocalDate.of(2024, 1, 7));
    assertThat(scalar("SELECT count(*) FROM demo.leads")).isEqualTo(leads.size());
    assertThat(leads).hasSizeGreaterThan(20);
    String key = controlPlane().credentials().get("demo", "pii_hmac_key").reveal();
    for (Lead lead : List.of(leads.get(0), leads.get(leads.size() - 1))) {
      try (Connection c = warehouse(); Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT email, phone, full_name, campaign_id, dt,"
              + " created_time FROM demo.leads WHERE lead_id = '" + lead.id() + "'")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo(hmacSha256(key, lead.email()));
        String phone = lead.phoneNumber();
        assertThat(r.getString(2)).isEqualTo("*".repeat(phone.length() - 2)
            + phone.substring(phone.length() - 2));
        assertThat(r.getString(3)).isNull();
        assertThat(r.getString(4)).isEqualTo(lead.campaignId());
        assertThat(r.getString(5)).isEqualTo(lead.createdTime().toString().substring(0, 10));
        assertThat(r.getObject(6, java.time.LocalDateTime.class)).isEqualTo(java.time
            .LocalDateTime.ofInstant(lead.createdTime(), java.time.ZoneOffset.UTC));
      }
    }
  }

  private static String hmacSha256(String key, String value) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8),
          "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(
          StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @Order(2)
  void summaryReportsEveryStage() {
    assertThat(firstRunOutput)
        .contains("dif run --client demo")
        .containsPattern("extract +[0-9.]+ s +\\d+ runs, \\d+ pages, \\d+ rows landed")
        .containsPattern("transform +[0-9.]+ s +3 datasets: \\d+ rows read, \\d+ curated,"
            + " 0 quarantined")
        .containsPattern("load +[0-9.]+ s +3 tables")
        .contains("demo.ad_insights_daily")
        .contains("./dif sql \"SELECT")
        // the query to try reads the warehouse of this run's data folder
        .contains("GROUP BY dt ORDER BY dt\" --data-dir " + data);
  }

  @Test
  @Order(3)
  void rawZoneHasCommittedRunsWithGzippedPages() throws Exception {
    Path insights = data.resolve("raw/demo/sandbox_ads/insights");
    try (Stream<Path> files = Files.walk(insights)) {
      assertThat(files.filter(p -> p.getFileName().toString().equals("_manifest.json")).count())
          .isEqualTo(7);
    }
    try (Stream<Path> files = Files.walk(insights)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .allMatch(name -> name.equals("_manifest.json") || name.matches("page-\\d{5}\\.json\\.gz"));
    }
  }

  @Test
  @Order(4)
  void secondRunExtractsOnlyTheLookbackAndChangesNothingInTheWarehouse() throws Exception {
    String before = checksum();
    long campaignsBefore = scalar("SELECT count(*) FROM demo.campaigns");
    String second = dif("run", "--client", "demo");
    // high-water mark 2024-01-07, lookback P2D: only the last two days again, plus the
    // campaign list (a snapshot per run)
    assertThat(second).containsPattern("extract +[0-9.]+ s +3 runs,");
    Path insights = data.resolve("raw/demo/sandbox_ads/insights");
    for (int day = 1; day <= 7; day++) {
      try (Stream<Path> runs = Files.list(insights.resolve("dt=2024-01-0" + day))) {
        assertThat(runs.count()).as("runs of 2024-01-0%d", day).isEqualTo(day >= 6 ? 2 : 1);
      }
    }
    assertThat(checksum()).isEqualTo(before);
    assertThat(scalar("SELECT count(*) FROM demo.campaigns")).isEqualTo(campaignsBefore);
    assertThat(scalar("SELECT count(*) FROM (SELECT ad_id, day FROM demo.ad_insights_daily"
        + " GROUP BY ad_id, day HAVING count(*) > 1)")).isZero();
  }

  @Test
  @Order(5)
  void everyDocumentIsLoadedWithItsCounts() {
    StateStore states = controlPlane().states();
    List<DocumentStatus> documents = states.find(DocumentQuery.client("demo"));
    // the second run's pages of 2024-01-06, -07 and of the campaign list replaced the first's
    assertThat(documents).isNotEmpty().allSatisfy(d -> assertThat(d.state()).as("%s", d.id())
        .isIn(DocumentState.LOADED, DocumentState.SUPERSEDED));
    assertThat(documents).filteredOn(d -> d.state() == DocumentState.SUPERSEDED)
        .extracting(d -> d.id().stream() + " " + d.id().date())
        .allMatch(name -> name.startsWith("campaigns ") || name.equals("insights 2024-01-06")
            || name.equals("insights 2024-01-07"))
        .anyMatch(name -> name.equals("insights 2024-01-07"));
    long insightRows = documents.stream().filter(d -> d.id().stream().equals("insights")
        && d.state() == DocumentState.LOADED).mapToLong(d -> d.rows().written()).sum();
    assertThat(insightRows).isEqualTo(scalarUnchecked(
        "SELECT count(*) FROM demo.ad_insights_daily"));
    DocumentStatus one = documents.get(0);
    assertThat(states.history(one.id())).extracting(TransitionRecord::to).containsExactly(
        DocumentState.LANDED, DocumentState.CURATED, DocumentState.LOADED);

    String output = dif("status", "--client", "demo", "--date", "2024-01-03");
    assertThat(output).contains("LOADED").doesNotContain("LANDED").doesNotContain("FAILED")
        .contains("No document stuck");
    String marks = dif("status", "--client", "demo");
    assertThat(marks).containsPattern("sandbox_ads\\.insights +2024-01-01 +P2D +2024-01-07"
        + " +2024-01-06\\.\\.2024-01-07");
    // counts by day agree with the warehouse: superseded runs are not counted twice
    assertThat(marks).containsPattern("2024-01-07 +sandbox_ads\\.insights +LOADED +\\d+ +"
        + scalarUnchecked("SELECT count(*) FROM demo.ad_insights_daily WHERE day = DATE"
        + " '2024-01-07'") + " ");
  }

  @Test
  @Order(6)
  void theSandboxTokenIsNowhereButInTheEncryptedStore() throws Exception {
    String token = controlPlane().credentials().get("demo", "sandbox_token").reveal();
    assertThat(token).startsWith("sandbox-").hasSizeGreaterThan(40);
    List<byte[]> needles = List.of(token.getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_16LE), token.getBytes(StandardCharsets.UTF_16BE));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).anyMatch(f -> f.getFileName().toString().equals("control.db"));
    Path log = Path.of("target", "test-logs", "dif.log");
    assertThat(log).exists();
    for (Path file : Stream.concat(files.stream(), Stream.of(log)).toList()) {
      byte[] bytes = Files.readAllBytes(file);
      for (byte[] needle : needles) {
        assertThat(indexOf(bytes, needle)).as("secret found in %s", file).isEqualTo(-1);
      }
    }
    assertThat(firstRunOutput).doesNotContain(token);
    // the scan can find it: the token is in memory, and a file holding it would be caught
    assertThat(indexOf(("x" + token).getBytes(StandardCharsets.UTF_8), needles.get(0)))
        .isEqualTo(1);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static ControlPlane controlPlane() {
    Workspace workspace = new Workspace();
    workspace.dataDir = data;
    workspace.confDirSetting = CONF.toString();
    return new ControlOptions().plane(workspace, java.time.Clock.systemUTC());
  }

  private static String scalarText(String query) {
    try (Connection c = warehouse(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getString(1);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static long scalarUnchecked(String query) {
    try {
      return scalar(query);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @Order(7)
  void sqlCommandQueriesTheWarehouse() {
    String output = dif("sql", "SELECT count(DISTINCT day) AS days FROM demo.ad_insights_daily");
    assertThat(output).contains("days").contains("7").contains("(1 row)");

    String query = "SELECT day, ad_id, spend FROM demo.ad_insights_daily"
        + " WHERE ad_id = '1300000000101' AND day <= DATE '2024-01-02' ORDER BY day";
    assertThat(dif("sql", "--format", "csv", query)).isEqualTo("day,ad_id,spend\r\n"
        + "2024-01-01,1300000000101,13.9344\r\n2024-01-02,1300000000101,"
        + scalarText("SELECT spend FROM demo.ad_insights_daily WHERE ad_id = '1300000000101'"
            + " AND day = DATE '2024-01-02'") + "\r\n");
    assertThat(dif("sql", "--format", "json", query))
        .startsWith("[{\"day\":\"2024-01-01\",\"ad_id\":\"1300000000101\",\"spend\":13.9344},")
        .endsWith("}]\n");
  }

  @Test
  @Order(8)
  void transformReadsOnlyWhatIsNotProcessedUnlessAskedToReprocess() throws SQLException {
    String nothingPending = dif("transform", "--client", "demo");
    assertThat(nothingPending).contains("0 rows read, 0 curated");

    String reprocessed = dif("transform", "--client", "demo", "--reprocess", "--from",
        "2024-01-03", "--to", "2024-01-03", "--dataset", "ad_insights_daily");
    SandboxData sandbox = SandboxData.of(42, 12);
    long adsPerDay = sandbox.campaigns().stream().mapToLong(c -> sandbox.ads(c).size()).sum();
    assertThat(reprocessed).contains(adsPerDay + " rows read, " + adsPerDay + " curated");
    StateStore states = controlPlane().states();
    assertThat(states.find(DocumentQuery.client("demo").date(LocalDate.of(2024, 1, 3))))
        .filteredOn(d -> d.state() == DocumentState.CURATED).isNotEmpty();

    String before = checksum();
    dif("load", "--client", "demo", "--dataset", "ad_insights_daily");
    assertThat(checksum()).isEqualTo(before);
    assertThat(states.find(DocumentQuery.client("demo"))).allSatisfy(d -> assertThat(d.state())
        .as("%s", d.id()).isIn(DocumentState.LOADED, DocumentState.SUPERSEDED));
  }

  @Test
  @Order(9)
  void retentionAnonymizesTheLeadsOlderThan90DaysInEveryZoneAndTheWarehouse()
      throws SQLException {
    long leads = scalar("SELECT count(*) FROM demo.leads");
    String dry = dif("retention", "run", "--client", "demo", "--dry-run");
    // the demo's leads are of January 2024: far older than anonymize_after (P90D), younger
    // than delete_after (P3Y); its raw runs landed just now (raw_retention P30D)
    assertThat(dry).contains("curated.demo.leads: " + leads + " rows anonymized (dt 2024-01-01"
        + "..2024-01-07), 0 rows deleted")
        .contains("warehouse duckdb demo.leads: " + leads + " rows anonymized, 0 rows deleted")
        .contains("documents: 7 to ANONYMIZED, 0 to ERASED")
        .doesNotContain("raw ")
        .contains("(dry run: nothing changed)");
    assertThat(scalar("SELECT count(*) FROM demo.leads WHERE email IS NULL")).isZero();

    String run = dif("retention", "run", "--client", "demo");
    assertThat(run).contains("curated.demo.leads: " + leads + " rows anonymized")
        .containsPattern("snapshot \\d+, \\d+ older snapshots expired");
    assertThat(scalar("SELECT count(*) FROM demo.leads")).isEqualTo(leads);
    assertThat(scalar("SELECT count(*) FROM demo.leads WHERE email IS NULL")).isEqualTo(leads);
    assertThat(scalar("SELECT count(*) FROM demo.leads WHERE phone LIKE '%*%'"))
        .isEqualTo(leads);
    assertThat(controlPlane().states().find(DocumentQuery.client("demo")))
        .filteredOn(d -> d.id().stream().equals("leads"))
        .hasSize(7).allSatisfy(d -> assertThat(d.state()).isEqualTo(DocumentState.ANONYMIZED));

    assertThat(dif("retention", "run", "--client", "demo", "--dry-run"))
        .contains("curated.demo.leads: nothing to change")
        .contains("warehouse duckdb demo.leads: 0 rows anonymized, 0 rows deleted")
        .doesNotContain("documents:");
  }

  @Test
  @Order(10)
  void anErasureMovesTheDocumentsOfTheRewrittenPagesToErased() throws Exception {
    Lead lead = SandboxData.of(42, 12).leads(LocalDate.of(2024, 1, 3),
        LocalDate.of(2024, 1, 3)).get(0);
    String output = dif("erase", "--client", "demo", "--subject", "email=" + lead.email(),
        "--verify");
    // the raw page still holds the person (the curated email became null under retention)
    assertThat(output).containsPattern("raw .*leads/dt=2024-01-03/run=.*: 1 records");
    assertThat(controlPlane().states().find(DocumentQuery.client("demo")
        .date(LocalDate.of(2024, 1, 3)))).filteredOn(d -> d.id().stream().equals("leads"))
        .hasSize(1).allSatisfy(d -> assertThat(d.state()).isEqualTo(DocumentState.ERASED));

    // and the person is nowhere under the data folder: neither the address (in raw pages
    // too, gunzipped) nor its keyed hash, in any zone, the warehouse or the control store
    byte[] key = controlPlane().credentials().get("demo", "pii_hmac_key").reveal()
        .getBytes(StandardCharsets.UTF_8);
    List<byte[]> needles = List.of(lead.email().getBytes(StandardCharsets.UTF_8),
        hmac(key, lead.email()).getBytes(StandardCharsets.UTF_8));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).anyMatch(file -> file.toString().contains("leads/dt=2024-01-03"));
    for (Path file : files) {
      byte[] bytes = readUncompressed(file);
      for (byte[] needle : needles) {
        assertThat(indexOf(bytes, needle)).as("the erased person in %s", file).isEqualTo(-1);
      }
    }
    // the scan finds a person who was not erased: in the raw pages, gunzipped
    byte[] other = SandboxData.of(42, 12).leads(LocalDate.of(2024, 1, 4),
        LocalDate.of(2024, 1, 4)).get(0).email().getBytes(StandardCharsets.UTF_8);
    assertThat(files).anyMatch(file -> indexOf(readUncompressed(file), other) >= 0);
  }

  @Test
  @Order(11)
  void aBackfillLandsTheErasedPersonAgainAndReapplyingTheKeptRequestsErasesThem()
      throws Exception {
    Lead lead = SandboxData.of(42, 12).leads(LocalDate.of(2024, 1, 3),
        LocalDate.of(2024, 1, 3)).get(0);
    byte[] key = controlPlane().credentials().get("demo", "pii_hmac_key").reveal()
        .getBytes(StandardCharsets.UTF_8);
    List<byte[]> needles = List.of(lead.email().getBytes(StandardCharsets.UTF_8),
        hmac(key, lead.email()).getBytes(StandardCharsets.UTF_8));
    assertThat(dif("erase", "--client", "demo", "--reapply", "--dry-run"))
        .as("the request is kept, and the person is nowhere to be found")
        .contains("1 erasure request subject kept for client demo: 0 found in the raw zone");

    // a backfill of the person's day lands, transforms and loads their lead form again
    dif("run", "--client", "demo", "--from", "2024-01-03", "--to", "2024-01-03");
    assertThat(scalar("SELECT count(*) FROM demo.leads WHERE email = '"
        + hmac(key, lead.email()) + "'")).isEqualTo(1);

    String output = dif("erase", "--client", "demo", "--reapply", "--verify");
    assertThat(output).contains("1 found in the raw zone again")
        .containsPattern("raw .*leads/dt=2024-01-03/run=.*: 1 records")
        .contains("curated.demo.leads: 1 rows")
        .contains("warehouse duckdb demo.leads: 1 rows")
        .contains("verified: no record or row matches the subject anywhere");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      byte[] bytes = readUncompressed(file);
      for (byte[] needle : needles) {
        assertThat(indexOf(bytes, needle)).as("the erased person in %s", file).isEqualTo(-1);
      }
    }
  }

  private static byte[] readUncompressed(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (file.getFileName().toString().endsWith(".gz")) {
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(
            new java.io.ByteArrayInputStream(bytes))) {
          return in.readAllBytes();
        }
      }
      return bytes;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The keyed hash the transform stores for a personal value (HMAC-SHA256, lowercase hex). */
  private static String hmac(byte[] key, String value) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(
          StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

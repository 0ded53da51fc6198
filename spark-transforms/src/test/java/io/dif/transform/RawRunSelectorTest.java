package io.dif.transform;

import static io.dif.transform.TestingRawZone.insight;
import static io.dif.transform.TestingRawZone.metaInsightsPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.dif.core.error.DataException;
import io.dif.core.zone.RawManifest;
import io.dif.core.zone.ZoneLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawRunSelectorTest {
  private static final LocalDate JAN_1 = LocalDate.parse("2024-01-01");
  private static final LocalDate JAN_2 = LocalDate.parse("2024-01-02");
  private static final LocalDate JAN_3 = LocalDate.parse("2024-01-03");

  @TempDir
  Path root;
  private ZoneLayout zones;
  private TestingRawZone raw;
  private final RawRunSelector selector =
      new RawRunSelector(new Configuration(), "acme.ad_insights_daily");

  @BeforeEach
  void setUp() {
    zones = new ZoneLayout(root.toString());
    raw = new TestingRawZone(zones, "acme", "meta", "insights");
  }

  @Test
  void picksTheLatestCommittedRunOfEachDate() {
    raw.run(JAN_1, "20240102T060000Z-aaaa").page(page()).commit();
    raw.run(JAN_1, "20240103T060000Z-bbbb").page(page()).page(page()).commit();
    raw.run(JAN_1, "20240104T060000Z-cccc").page(page()).leaveUncommitted();
    raw.run(JAN_2, "20240103T060000Z-dddd").page(page()).commit();
    raw.run(JAN_3, "20240104T060000Z-eeee").page(page()).leaveUncommitted();

    List<CommittedRun> runs = selector.select(stream(), Optional.empty(), Optional.empty());

    assertThat(runs).extracting(CommittedRun::dt, CommittedRun::runId)
        .containsExactly(
            tuple(JAN_1, "20240103T060000Z-bbbb"),
            tuple(JAN_2, "20240103T060000Z-dddd"));
    assertThat(runs.get(0).pagePaths()).hasSize(2).allSatisfy(path -> assertThat(path)
        .startsWith("file:" + root).contains("/dt=2024-01-01/run=20240103T060000Z-bbbb/page-"));
    assertThat(runs.get(0).manifest().pages()).hasSize(2);
  }

  @Test
  void keepsOnlyDatesInTheRangeBothEndsIncluded() {
    raw.run(JAN_1, "20240102T060000Z-aaaa").page(page()).commit();
    raw.run(JAN_2, "20240103T060000Z-bbbb").page(page()).commit();
    raw.run(JAN_3, "20240104T060000Z-cccc").page(page()).commit();

    assertThat(selector.select(stream(), Optional.of(JAN_2), Optional.of(JAN_3)))
        .extracting(CommittedRun::dt).containsExactly(JAN_2, JAN_3);
    assertThat(selector.select(stream(), Optional.empty(), Optional.of(JAN_1)))
        .extracting(CommittedRun::dt).containsExactly(JAN_1);
  }

  @Test
  void ignoresFoldersThatAreNotDates() throws IOException {
    raw.run(JAN_1, "20240102T060000Z-aaaa").page(page()).commit();
    Files.createDirectories(Path.of(zones.rawStream("acme", "meta", "insights"), "_temporary"));
    Files.createDirectories(Path.of(zones.rawStream("acme", "meta", "insights"), "dt=someday"));

    assertThat(selector.select(stream(), Optional.empty(), Optional.empty()))
        .extracting(CommittedRun::dt).containsExactly(JAN_1);
  }

  @Test
  void findsNothingForAStreamNeverExtracted() {
    assertThat(selector.select(stream(), Optional.empty(), Optional.empty())).isEmpty();
  }

  @Test
  void rejectsAManifestOfAnotherRun() throws IOException {
    Path run = raw.run(JAN_1, "20240102T060000Z-aaaa").page(page()).commit();
    Path copy = Path.of(zones.rawRun("acme", "meta", "insights", JAN_2,
        "20240102T060000Z-aaaa"));
    Files.createDirectories(copy);
    Files.copy(run.resolve(ZoneLayout.MANIFEST), copy.resolve(ZoneLayout.MANIFEST));
    try (InputStream in = Files.newInputStream(copy.resolve(ZoneLayout.MANIFEST))) {
      assertThat(RawManifest.fromJson(in).dt()).isEqualTo(JAN_1);
    }

    assertThatThrownBy(() -> selector.select(stream(), Optional.empty(), Optional.empty()))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith("Cannot transform dataset acme.ad_insights_daily: manifest names"
            + " dt 2024-01-01 run 20240102T060000Z-aaaa, not its folder: file:")
        .hasMessageEndingWith("/dt=2024-01-02/run=20240102T060000Z-aaaa/_manifest.json");
  }

  @Test
  void rejectsAManifestThatIsNotJson() throws IOException {
    Path run = raw.run(JAN_1, "20240102T060000Z-aaaa").page(page()).commit();
    Files.writeString(run.resolve(ZoneLayout.MANIFEST), "{\"pages\": [");

    assertThatThrownBy(() -> selector.select(stream(), Optional.empty(), Optional.empty()))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith("Cannot transform dataset acme.ad_insights_daily: manifest is"
            + " not valid: ")
        .hasMessageEndingWith("/run=20240102T060000Z-aaaa/_manifest.json");
  }

  private String stream() {
    return zones.rawStream("acme", "meta", "insights");
  }

  private static String page() {
    return metaInsightsPage(List.of(
        insight("1200000000001", "1300000000001", "2024-01-01", "1", "1", "1.0000")), false);
  }
}

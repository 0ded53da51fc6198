package io.dif.load;

import static io.dif.load.CuratedFixtures.COLUMNS;
import static io.dif.load.CuratedFixtures.JAN_1;
import static io.dif.load.CuratedFixtures.JAN_2;
import static io.dif.load.CuratedFixtures.TWO_DAYS;
import static io.dif.load.CuratedFixtures.dataset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loader contract on a real PostgreSQL 16 server, plus a backend killed mid-transaction. */
class PostgresLoaderIT extends LoaderContractTest {

  @BeforeEach
  void emptySchema() throws SQLException {
    try (Connection c = warehouse(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS dif_test CASCADE");
    }
  }

  @Override
  Loader loader(StagedLoad.BeforeCommit beforeCommit) {
    PostgresLoader loader = new PostgresLoader(TestingPostgres.url(), new Properties(),
        Clock.systemUTC());
    loader.beforeCommit(beforeCommit);
    return loader;
  }

  @Override
  Connection warehouse() throws SQLException {
    return TestingPostgres.connect();
  }

  @Test
  void everyRowCarriesTheLoadInstantToTheMicrosecond() throws Exception {
    CuratedFixtures.write(curated, TWO_DAYS, COLUMNS);
    Instant now = Instant.parse("2024-03-04T05:06:07.123456789Z");
    try (PostgresLoader loader = new PostgresLoader(TestingPostgres.url(), new Properties(),
        Clock.fixed(now, ZoneOffset.UTC))) {
      loader.load(CuratedFixtures.batch(dataset("merge"), curated, List.of(JAN_1, JAN_2)));
    }
    assertThat(rows("SELECT _client, _loaded_at FROM dif_test.insights")).containsExactly(
        "'acme'|2024-03-04T05:06:07.123456", "'acme'|2024-03-04T05:06:07.123456",
        "'acme'|2024-03-04T05:06:07.123456");
  }

  @Test
  void serverKillingTheLoadMidTransactionLeavesTheTableAsItWas() throws Exception {
    CuratedFixtures.write(curated, TWO_DAYS, COLUMNS);
    load(dataset("merge"), List.of(JAN_1));
    List<String> before = rows();
    try (Loader killed = loader(loading -> {
      long pid;
      try (Statement s = loading.createStatement();
          ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
        r.next();
        pid = r.getLong(1);
      }
      try (Connection other = warehouse(); Statement s = other.createStatement()) {
        s.execute("SELECT pg_terminate_backend(" + pid + ")");
      }
    })) {
      assertThatThrownBy(() -> killed.load(CuratedFixtures.batch(dataset("merge"), curated,
          List.of(JAN_1, JAN_2))))
          .hasMessageStartingWith("Cannot load dataset acme.insights into dif_test.insights");
    }
    assertThat(rows()).isEqualTo(before);
    assertThat(load(dataset("merge"), List.of(JAN_1, JAN_2)).tableRows()).isEqualTo(3);
    assertThat(rows()).containsExactlyElementsOf(TWO_DAYS_ROWS);
  }
}

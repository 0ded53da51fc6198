package io.dif.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.state.ErasureLedger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteErasureLedgerIT extends ErasureLedgerContractTest {
  @TempDir
  Path folder;

  @Override
  ErasureLedger ledger() {
    return new SqliteErasureLedger(SqliteControlDatabase.open(folder.resolve("control.db")));
  }

  @Test
  void erasuresOfAnEarlierVersionAreReadWithoutRequests() throws Exception {
    Path file = folder.resolve("old.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE erasures (id TEXT PRIMARY KEY, client TEXT NOT NULL,"
          + " requested_by TEXT NOT NULL, requested_at TEXT NOT NULL, subject_hashes TEXT NOT"
          + " NULL, state TEXT NOT NULL, details TEXT NOT NULL, finished_at TEXT)");
      statement.execute("INSERT INTO erasures VALUES ('erasure-0', 'acme', 'dpo',"
          + " '2024-01-01T00:00:00Z', '" + "d".repeat(64) + "', 'DONE', 'raw: 1 records',"
          + " '2024-01-01T00:00:09Z')");
    }
    ErasureLedger ledger = new SqliteErasureLedger(SqliteControlDatabase.open(file));
    assertThat(ledger.erasures("acme")).singleElement().satisfies(erasure -> {
      assertThat(erasure.done()).isTrue();
      assertThat(erasure.requests()).isEmpty();
      assertThat(erasure.auditHashes()).containsExactly("d".repeat(64));
    });
    assertThat(ledger.requests("acme")).isEmpty();
  }
}

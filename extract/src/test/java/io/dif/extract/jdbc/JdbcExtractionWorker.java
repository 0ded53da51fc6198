package io.dif.extract.jdbc;

import io.dif.control.SqliteCheckpointStore;
import io.dif.control.SqliteControlDatabase;
import io.dif.control.SqliteStateStore;
import io.dif.core.config.ClientConfig;
import io.dif.core.config.ClientConfigLoader;
import io.dif.core.credential.EnvironmentCredentialStore;
import io.dif.core.zone.ZoneLayout;
import io.dif.extract.ExtractionPlan;
import io.dif.extract.ExtractionResult;
import io.dif.extract.Extractor;
import io.dif.extract.http.SourceHttpClients;
import io.dif.extract.journal.CheckpointRunJournal;
import io.dif.extract.journal.RunJournal;
import io.dif.extract.lock.RunLocks;
import io.dif.extract.raw.LocalRawStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * An extractor process for the jdbc tests: runs the example jdbc_postgres.yaml (its URL, table
 * and sizes edited for the test database) with the SQLite control store, printing a line after
 * each landed page so a test can kill it there. Arguments: rawRoot controlDb table pageSize
 * fetchSize dt.
 */
public final class JdbcExtractionWorker {
  static final String CLIENT = "example_jdbc";

  private JdbcExtractionWorker() {}

  /** The example, pointed at the test database and table, with the given page and fetch size. */
  static ClientConfig config(String table, int pageSize, int fetchSize) throws IOException {
    String text = Files.readString(Path.of("..", "conf", "clients", "examples",
        "jdbc_postgres.yaml"));
    text = replace(text, "jdbc:postgresql://db.example.com:5432/shop",
        TestingPostgres.bareUrl());
    text = replace(text, "table: public.orders", "table: " + table);
    text = replace(text, "fetch_size: 1000", "fetch_size: " + fetchSize);
    text = replace(text, "page_size: 50000", "page_size: " + pageSize);
    return new ClientConfigLoader().parse("jdbc_postgres.yaml", text);
  }

  private static String replace(String text, String from, String to) {
    if (!text.contains(from)) {
      throw new AssertionError("jdbc_postgres.yaml has no " + from);
    }
    return text.replace(from, to);
  }

  static Map<String, String> credentials() {
    return Map.of(EnvironmentCredentialStore.variableName(CLIENT, "shop_db_user"),
        TestingPostgres.parameter("user", "postgres"),
        EnvironmentCredentialStore.variableName(CLIENT, "shop_db_password"),
        TestingPostgres.parameter("password", "postgres"));
  }

  static ExtractionResult extract(Path rawRoot, Path controlDb, RunJournalWrapper wrap,
      ClientConfig config, LocalDate dt) {
    SqliteControlDatabase database = SqliteControlDatabase.open(controlDb);
    SqliteCheckpointStore checkpoints = new SqliteCheckpointStore(database, Clock.systemUTC());
    RunJournal journal = wrap.wrap(new CheckpointRunJournal(checkpoints,
        new SqliteStateStore(database, Clock.systemUTC())));
    Extractor extractor = new Extractor(new LocalRawStore(new ZoneLayout(rawRoot.toString())),
        new SourceHttpClients(new EnvironmentCredentialStore(credentials())),
        (name, source) -> "http://unused.invalid", Clock.systemUTC(), journal, RunLocks.inProcess())
        .withSourceState(checkpoints);
    return extractor.extract(config, new ExtractionPlan(Optional.of("shop_db"),
        Optional.of("orders"), Optional.empty(), Optional.empty(), dt));
  }

  /** Wraps the journal (the worker announces landed pages). */
  interface RunJournalWrapper {
    RunJournal wrap(RunJournal journal);
  }

  public static void main(String[] args) throws IOException {
    ClientConfig config = config(args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    ExtractionResult result = extract(Path.of(args[0]), Path.of(args[1]),
        AnnouncingJournal::new, config, LocalDate.parse(args[5]));
    result.failures().forEach(failure -> {
      throw failure.error();
    });
    System.out.println("DONE");
  }
}

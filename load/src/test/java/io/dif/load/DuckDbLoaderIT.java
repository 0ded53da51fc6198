package io.dif.load;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;

/** The loader contract on a real embedded DuckDB file. */
class DuckDbLoaderIT extends LoaderContractTest {

  private Path database() {
    return folder.resolve("warehouse.duckdb");
  }

  @Override
  Loader loader(StagedLoad.BeforeCommit beforeCommit) {
    DuckDbLoader loader = new DuckDbLoader(database(), Clock.systemUTC());
    loader.beforeCommit(beforeCommit);
    return loader;
  }

  @Override
  Connection warehouse() throws SQLException {
    return DriverManager.getConnection("jdbc:duckdb:" + database());
  }
}

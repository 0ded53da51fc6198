package io.dif.load;

import io.dif.core.zone.TableCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The curated tables as DuckDB views of their current snapshot's data files: after
 * {@link #attach}, a DuckDB session reads {@code curated.{client}.{dataset}} (an in-memory
 * database named {@code curated}, a schema per client), e.g. for {@code dif sql}.
 */
public final class CuratedViews {
  private CuratedViews() {}

  /** Attaches the views of every curated table with a snapshot; returns their names. */
  public static List<String> attach(Connection duckDb, CuratedTables tables) throws SQLException {
    List<String> names = new java.util.ArrayList<>();
    if (!(tables.catalog() instanceof SupportsNamespaces namespaces)) {
      return names;
    }
    Namespace zone = Namespace.of(TableCatalog.Zone.CURATED.folder());
    if (!namespaces.namespaceExists(zone)) {
      return names;
    }
    try (Statement statement = duckDb.createStatement()) {
      statement.execute("ATTACH ':memory:' AS curated");
      for (Namespace client : namespaces.listNamespaces(zone)) {
        String clientName = client.level(client.length() - 1);
        statement.execute("CREATE SCHEMA IF NOT EXISTS curated." + quote(clientName));
        for (TableIdentifier id : tables.catalog().listTables(client)) {
          var snapshot = tables.current(clientName, id.name());
          if (snapshot.isEmpty() || snapshot.get().allFiles().isEmpty()) {
            continue;
          }
          String files = snapshot.get().allFiles().stream()
              .map(file -> "'" + LoadStatements.escape(LocalFileIO.file(file.url()).getPath())
                  + "'")
              .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
          statement.execute("CREATE VIEW curated." + quote(clientName) + "." + quote(id.name())
              + " AS SELECT * FROM read_parquet(" + files + ", union_by_name = true)");
          names.add("curated." + clientName + "." + id.name());
        }
      }
    }
    return names;
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}

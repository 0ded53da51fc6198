package io.dif.load;

import io.dif.core.config.ColumnConfig;
import io.dif.load.CuratedStore.CuratedFile;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Redshift-only SQL: staging through COPY. Redshift's Parquet COPY maps columns by position
 * and the partition column {@code dt} is in the path, not the file, so each date is copied into
 * a table of the file's columns and then moved into the raw staging table with its date; the
 * shared de-duplication then builds the staging table.
 */
final class RedshiftStatements {
  static final String RAW_STAGE = "dif_stage_raw";
  static final String FILE_STAGE = "dif_stage_file";

  private RedshiftStatements() {}

  /** The manifest of one partition: exactly the batch's files, with sizes (Parquet needs them). */
  static String manifest(List<CuratedFile> files) {
    return files.stream()
        .map(f -> "    {\"url\": \"" + json(f.url()) + "\", \"mandatory\": true, \"meta\": "
            + "{\"content_length\": " + f.bytes() + "}}")
        .collect(Collectors.joining(",\n", "{\n  \"entries\": [\n", "\n  ]\n}\n"));
  }

  /** Statements filling the staging table from the manifests, one per date, in date order. */
  static List<String> stage(LoadStatements sql, WarehouseDialect dialect, LoadBatch batch,
      Map<LocalDate, String> manifests, String iamRole) {
    List<ColumnConfig> columns = batch.config().columns();
    String typed = typedColumns(batch, dialect);
    String names = columns.stream().map(ColumnConfig::name).collect(Collectors.joining(", "));
    List<String> statements = new ArrayList<>();
    statements.add("DROP TABLE IF EXISTS " + RAW_STAGE);
    statements.add("CREATE TEMP TABLE " + RAW_STAGE + " (" + typed + ", "
        + LoadStatements.DATE_COLUMN + " DATE)");
    manifests.forEach((date, manifest) -> {
      statements.add("DROP TABLE IF EXISTS " + FILE_STAGE);
      statements.add("CREATE TEMP TABLE " + FILE_STAGE + " (" + typed + ")");
      statements.add("COPY " + FILE_STAGE + " FROM '" + LoadStatements.escape(manifest)
          + "' IAM_ROLE '" + LoadStatements.escape(iamRole) + "' FORMAT AS PARQUET MANIFEST");
      statements.add("INSERT INTO " + RAW_STAGE + " (" + names + ", "
          + LoadStatements.DATE_COLUMN + ") SELECT " + names + ", DATE '" + date + "' FROM "
          + FILE_STAGE);
    });
    statements.add("DROP TABLE IF EXISTS " + FILE_STAGE);
    statements.add(sql.createStageFrom(RAW_STAGE));
    statements.add("DROP TABLE " + RAW_STAGE);
    return statements;
  }

  /** The dataset's columns with their Redshift types, in file order. */
  static String typedColumns(LoadBatch batch, WarehouseDialect dialect) {
    return batch.config().columns().stream().map(c -> c.name() + " " + dialect.type(c.type()))
        .collect(Collectors.joining(", "));
  }

  private static String json(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}

package io.dif.load;

import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.load.CuratedStore.CuratedFile;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Loads into Amazon Redshift with COPY from the curated Parquet in S3: a manifest per date lists
 * exactly the batch's files, COPY stages them with the cluster's IAM role, the staging data is
 * de-duplicated on the key (Redshift does not enforce keys), and one transaction merges or
 * replaces. Needs the Redshift JDBC driver ({@code com.amazon.redshift:redshift-jdbc42}) at run
 * time.
 */
public final class RedshiftLoader implements Loader {
  private static final WarehouseDialect DIALECT = new RedshiftDialect();
  private static final DateTimeFormatter LOAD_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private final String url;
  private final Properties properties;
  private final String iamRole;
  private final CuratedStore store;
  private final Clock clock;

  /**
   * @param url a {@code jdbc:redshift:} URL
   * @param properties connection properties ({@code user}, {@code password}, or IAM settings)
   * @param iamRole the ARN of the role Redshift assumes to read the curated bucket
   * @param store lists curated files and writes manifests, by {@code s3://} URL
   */
  public RedshiftLoader(String url, Properties properties, String iamRole, CuratedStore store) {
    this(url, properties, iamRole, store, Clock.systemUTC());
  }

  RedshiftLoader(String url, Properties properties, String iamRole, CuratedStore store,
      Clock clock) {
    this.url = url;
    this.properties = properties;
    this.iamRole = iamRole;
    this.store = store;
    this.clock = clock;
  }

  @Override
  public LoadResult load(LoadBatch batch) {
    String warehouse = "Redshift " + url.split("\\?")[0];
    Map<LocalDate, String> manifests = writeManifests(batch);
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      return new StagedLoad(DIALECT, clock, warehouse).run(connection, batch,
          StagedLoad.staged((redshift, sql) -> {
            try (Statement statement = redshift.createStatement()) {
              for (String step : RedshiftStatements.stage(sql, DIALECT, batch, manifests,
                  iamRole)) {
                statement.execute(step);
              }
            }
          }));
    } catch (SQLException e) {
      throw CuratedParquet.cannotOpen(warehouse, e);
    }
  }

  /**
   * Writes one manifest per date of the batch under the dataset's {@code _manifests/} folder
   * (readers of the curated zone skip names starting with an underscore).
   */
  Map<LocalDate, String> writeManifests(LoadBatch batch) {
    String loadId = LOAD_ID.format(clock.instant());
    Map<LocalDate, String> manifests = new LinkedHashMap<>();
    for (LocalDate date : batch.dates().stream().sorted().toList()) {
      // a table's snapshot names its files; plain dt= folders are listed
      List<CuratedFile> files = batch.snapshot().isPresent()
          ? batch.snapshot().get().files().getOrDefault(date, List.of()).stream()
              .map(file -> new CuratedFile(file.url().replaceFirst("^s3a://", "s3://"),
                  file.bytes()))
              .toList()
          : store.list(batch.curatedPath() + "/dt=" + date);
      if (files.isEmpty()) {
        throw new DataException(ErrorCode.DATA_INVALID, "Cannot load dataset " + batch.client()
            + "." + batch.dataset() + " into Redshift: no curated Parquet files: "
            + batch.curatedPath() + "/dt=" + date);
      }
      String manifest = batch.curatedPath() + "/_manifests/" + loadId + "/dt=" + date
          + ".manifest";
      store.write(manifest, RedshiftStatements.manifest(files).getBytes(StandardCharsets.UTF_8));
      manifests.put(date, manifest);
    }
    return manifests;
  }

  @Override
  public void close() {
    // connections are per load
  }
}

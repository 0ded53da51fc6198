package io.dif.core.config;

import java.util.List;
import java.util.Optional;

/** Where a dataset is loaded. */
public record DestinationConfig(
    @ConfigField(description = "Warehouse table as schema.table.", required = true,
        pattern = Names.TABLE)
    String table,
    @ConfigField(description = "Load mode; merge and replace need the dataset key.",
        defaultValue = "merge")
    LoadMode mode,
    @ConfigField(description = "Warehouse kind the table lives in; its connection is set by the"
        + " deployment, never in this file.", defaultValue = "duckdb")
    Warehouse warehouse,
    @ConfigField(description = "Redshift: column the table is distributed on (DISTKEY); left"
        + " out, Redshift chooses (AUTO).", pattern = Names.IDENTIFIER)
    Optional<String> distKey,
    @ConfigField(description = "Redshift: columns of the compound sort key (SORTKEY), in order;"
        + " each must be a dataset column or dt.")
    List<String> sortKey,
    @ConfigField(description = "Redshift: copy loads curated Parquet from S3 with COPY and a"
        + " manifest; spark_connector writes from the Glue or EMR job through the preinstalled"
        + " spark-redshift community connector.", defaultValue = "copy")
    WritePath writePath) {

  /** A destination with the defaults of every optional key. */
  public DestinationConfig(String table, LoadMode mode) {
    this(table, mode, Warehouse.DUCKDB, Optional.empty(), List.of(), WritePath.COPY);
  }
}

package io.dif.core.config;

import java.util.List;
import java.util.Optional;

/**
 * A curated dataset: typed columns read from the records of one stream's raw pages (the
 * stream's {@code records} pointer says where they are in a page).
 */
public record DatasetConfig(
    @ConfigField(description = "Stream the dataset is read from, as source.stream.",
        required = true)
    StreamRef from,
    @ConfigField(description = "Format of the raw pages (or of the entries of zipped pages).",
        defaultValue = "json")
    DataFormat format,
    @ConfigField(description = "Character encoding of text pages (JSON, JSON Lines, CSV, XML),"
        + " a Java charset name; a byte-order mark (UTF-8, UTF-16, UTF-32) wins. CSV pages"
        + " fall back to csv.encoding, XML pages to their prolog, others to UTF-8.",
        pattern = "[A-Za-z0-9._:-]+")
    Optional<String> encoding,
    @ConfigField(description = "CSV settings, when format is csv.")
    CsvConfig csv,
    @ConfigField(description = "XML settings, when format is xml.")
    XmlConfig xml,
    @ConfigField(description = "Limits on gzipped and zipped pages.")
    ArchiveConfig archive,
    @ConfigField(description = "Typed columns, in warehouse order.", required = true)
    List<ColumnConfig> columns,
    @ConfigField(description = "Columns that identify a row; duplicates keep the latest record.")
    List<String> key,
    @ConfigField(description = "Values that mean a missing value, besides the empty string,"
        + " compared after trimming (e.g. \"--\", \"N/A\", \"null\").")
    List<String> nullTokens,
    @ConfigField(description = "Largest fraction of the rows read that may be quarantined; past"
        + " it the run fails and publishes nothing.", defaultValue = "1", min = 0, max = 1)
    double maxBadFraction,
    @ConfigField(description = "Fewest curated rows a run must give; below it the run fails"
        + " and publishes nothing.", defaultValue = "0", min = 0)
    long minRows,
    @ConfigField(description = "Largest change of the curated row count versus the previous"
        + " published run, as a fraction (0.5: from half to one and a half times); past it the"
        + " run fails and publishes nothing. No check when left out.", min = 0)
    Optional<Double> maxRowCountChange,
    @ConfigField(description = "Also write the curated data as CSV (header, UTF-8), under"
        + " _csv/ next to the Parquet partitions, published with them.",
        defaultValue = "false")
    boolean csvCopy,
    @ConfigField(description = "Warehouse table and load mode.", required = true)
    DestinationConfig destination,
    @ConfigField(description = "Personal data retention (GDPR): when rows are anonymized and"
        + " when they are deleted, by the age of their data date; applied by dif retention run."
        + " Kept as long as the table when left out.")
    Optional<RetentionConfig> retention) {}

package io.dif.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A table (or a query) read incrementally: rows whose watermark passed the stream's high-water
 * mark, in pages of {@code page_size} rows ordered by (watermark, key) and continued by keyset
 * ({@code WHERE (watermark, key) > (last watermark, last key)}), streamed {@code fetch_size}
 * rows at a time. Each page lands as one JSON Lines raw page.
 */
public record JdbcStreamConfig(
    @ConfigField(description = "Table to read, as table or schema.table. Give table or query.",
        pattern = JdbcStreamConfig.NAME + "(\\." + JdbcStreamConfig.NAME + ")?")
    Optional<String> table,
    @ConfigField(description = "SELECT to read instead of a table (DIF wraps it as a subquery and"
        + " adds the watermark condition, order and limit). Give table or query.")
    Optional<String> query,
    @ConfigField(description = "Column that grows with every insert and update, such as"
        + " updated_at (a timestamp or date) or an increasing id (a number).", required = true,
        pattern = JdbcStreamConfig.NAME)
    String watermark,
    @ConfigField(description = "Unique column that orders rows with the same watermark (keyset"
        + " pagination's tie-breaker), usually the primary key. Leave out when the watermark"
        + " is itself unique (an increasing id).", pattern = JdbcStreamConfig.NAME)
    Optional<String> key,
    @ConfigField(description = "How far before the high-water mark each run reads again, for"
        + " rows committed late with an older watermark (an ISO-8601 duration; only for a"
        + " timestamp or date watermark).", defaultValue = "PT0S")
    Duration lookback,
    @ConfigField(description = "Rows the driver fetches from the database at a time (memory"
        + " stays flat however large the table).", defaultValue = "1000", min = 1, max = 100000)
    int fetchSize,
    @ConfigField(description = "Rows per landed raw page (one query and one checkpoint each).",
        defaultValue = "50000", min = 1, max = 10000000)
    int pageSize) {

  /** A column or table name as databases write it unquoted. */
  public static final String NAME = "[A-Za-z_][A-Za-z0-9_$]*";
}

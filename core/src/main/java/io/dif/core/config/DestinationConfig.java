package io.dif.core.config;

/** Where a dataset is loaded. */
public record DestinationConfig(
    @ConfigField(description = "Warehouse table as schema.table.", required = true,
        pattern = Names.TABLE)
    String table,
    @ConfigField(description = "Load mode; merge and replace need the dataset key.",
        defaultValue = "merge")
    LoadMode mode) {}

package io.dif.core.config;

import java.util.Map;

/** Makes a stream dependent: one request chain per record of a parent stream. */
public record ForEachConfig(
    @ConfigField(description = "Parent stream of the same source.", required = true,
        pattern = Names.IDENTIFIER)
    String stream,
    @ConfigField(description = "Template variables bound from each parent record: variable name"
        + " to JSON pointer in the record, e.g. campaign_id: /id.", required = true)
    Map<String, String> bind,
    @ConfigField(description = "Parent records requested at once.", defaultValue = "4", min = 1,
        max = 64)
    int concurrency) {}

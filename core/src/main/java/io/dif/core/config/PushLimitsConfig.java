package io.dif.core.config;

/** What one API key of a push source may send. */
public record PushLimitsConfig(
    @ConfigField(description = "Requests per second allowed per API key (refilled evenly).",
        defaultValue = "50", min = 1, max = 100000)
    int perSecond,
    @ConfigField(description = "Requests allowed at once above the per-second rate.",
        defaultValue = "100", min = 1, max = 1000000)
    int burst,
    @ConfigField(description = "Events accepted per API key and UTC day.",
        defaultValue = "1000000", min = 1)
    long dailyQuota,
    @ConfigField(description = "Largest request body in bytes (compressed, as sent), checked"
        + " before it is read; larger ones get 413.", defaultValue = "1048576", min = 1,
        max = 104857600)
    long maxBodyBytes,
    @ConfigField(description = "Largest body in bytes once a gzip Content-Encoding is undone.",
        defaultValue = "10485760", min = 1, max = 1073741824)
    long maxInflatedBytes,
    @ConfigField(description = "Deepest nesting of objects and arrays allowed in an event.",
        defaultValue = "32", min = 1, max = 1000)
    int maxDepth,
    @ConfigField(description = "Longest string value or field name allowed in an event, in"
        + " characters.", defaultValue = "65536", min = 1, max = 10000000)
    int maxStringLength,
    @ConfigField(description = "Largest uploaded file in bytes.", defaultValue = "104857600",
        min = 1, max = 5368709120L)
    long maxUploadBytes) {}

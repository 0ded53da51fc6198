package io.dif.core.config;

/**
 * Limits on compressed pages (zip archives and gzip files), so that a zip bomb is rejected
 * before it fills memory or disk.
 */
public record ArchiveConfig(
    @ConfigField(description = "Most bytes one page may expand to, over all its entries.",
        defaultValue = "1073741824", min = 1)
    long maxUncompressedBytes,
    @ConfigField(description = "Largest ratio of expanded to compressed bytes of one page.",
        defaultValue = "200", min = 1)
    long maxCompressionRatio) {}

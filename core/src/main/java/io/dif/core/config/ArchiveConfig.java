package io.dif.core.config;

/**
 * Limits on compressed pages (zip archives and gzip files), so that a zip bomb is rejected
 * before it fills memory or disk. The limits are counted while the page is read, so a page
 * is refused having read at most its limit.
 */
public record ArchiveConfig(
    @ConfigField(description = "Most bytes one page may expand to, over all its entries.",
        defaultValue = "1073741824", min = 1)
    long maxUncompressedBytes,
    @ConfigField(description = "Largest ratio of expanded to compressed bytes of one page.",
        defaultValue = "200", min = 1)
    long maxCompressionRatio,
    @ConfigField(description = "Most files one zipped page may hold.", defaultValue = "10000",
        min = 1)
    int maxEntries) {

  /** Limits with the default entry count. */
  public ArchiveConfig(long maxUncompressedBytes, long maxCompressionRatio) {
    this(maxUncompressedBytes, maxCompressionRatio, 10_000);
  }
}

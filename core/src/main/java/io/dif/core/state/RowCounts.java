package io.dif.core.state;

/**
 * Rows a stage handled for one document.
 *
 * @param read rows the stage read
 * @param written rows it wrote onwards (curated or loaded)
 * @param quarantined rows it sent to quarantine
 */
public record RowCounts(long read, long written, long quarantined) {
  public static final RowCounts NONE = new RowCounts(0, 0, 0);

  public RowCounts {
    if (read < 0 || written < 0 || quarantined < 0) {
      throw new IllegalArgumentException("Cannot count rows: negative count: " + read + "/"
          + written + "/" + quarantined);
    }
  }
}

package io.dif.core.config;

/**
 * Format of the raw pages a dataset is read from. A page may also be gzipped ({@code .gz}) or a
 * zip archive ({@code .zip}) whose entries are in this format; the page's file name says which.
 */
public enum DataFormat {
  /** A JSON document with the records at the stream's {@code records} pointer. */
  JSON,
  /** JSON Lines: one JSON object per line. */
  JSON_LINES,
  /** Delimited text with a header line (see the dataset's {@code csv} settings). */
  CSV,
  /** XML with one element per record (see the dataset's {@code xml} settings). */
  XML
}

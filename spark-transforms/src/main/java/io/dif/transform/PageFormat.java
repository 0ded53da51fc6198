package io.dif.transform;

import io.dif.core.config.ArchiveConfig;
import io.dif.core.config.CsvConfig;
import io.dif.core.config.DataFormat;
import io.dif.core.config.DatasetConfig;
import io.dif.core.config.XmlConfig;
import java.io.Serializable;

/**
 * What {@link PageParser} needs to know of a dataset's raw pages, in a form Spark can ship to
 * executors (config records are not serializable). Optional settings are null when not given.
 *
 * @param encoding the declared encoding of text pages, or null (a byte-order mark wins; XML
 *     pages then follow their prolog, others are UTF-8)
 */
record PageFormat(DataFormat format, String recordsPointer, boolean csvHeader,
    char csvDelimiter, char csvQuote, char csvEscape, String encoding, int skipLines,
    int skipFooterLines, String csvHeaderStartsWith, String csvHeaderPattern,
    String csvFooterStartsWith, String csvFooterPattern, String xmlRowTag,
    String xmlAttributePrefix, long maxUncompressedBytes, long maxCompressionRatio,
    int maxEntries) implements Serializable {

  static PageFormat of(DatasetConfig dataset, String recordsPointer) {
    CsvConfig csv = dataset.csv();
    XmlConfig xml = dataset.xml();
    ArchiveConfig archive = dataset.archive();
    return new PageFormat(dataset.format(), recordsPointer, csv.header(),
        csv.delimiter().charAt(0), csv.quote().charAt(0), csv.escape().charAt(0),
        encoding(dataset), csv.skipLines(), csv.skipFooterLines(),
        csv.headerStartsWith().orElse(null), csv.headerPattern().orElse(null),
        csv.footerStartsWith().orElse(null), csv.footerPattern().orElse(null), xml.rowTag(),
        xml.attributePrefix(), archive.maxUncompressedBytes(), archive.maxCompressionRatio(),
        archive.maxEntries());
  }

  /** The declared encoding of a dataset's text pages, or null when none is declared. */
  static String encoding(DatasetConfig dataset) {
    if (dataset.encoding().isPresent()) {
      return dataset.encoding().get();
    }
    return dataset.format() == DataFormat.CSV ? dataset.csv().encoding() : null;
  }
}

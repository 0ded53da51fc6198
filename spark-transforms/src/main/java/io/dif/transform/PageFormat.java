package io.dif.transform;

import io.dif.core.config.ArchiveConfig;
import io.dif.core.config.CsvConfig;
import io.dif.core.config.DataFormat;
import io.dif.core.config.DatasetConfig;
import io.dif.core.config.XmlConfig;
import java.io.Serializable;

/**
 * What {@link PageParser} needs to know of a dataset's raw pages, in a form Spark can ship to
 * executors (config records are not serializable).
 */
record PageFormat(DataFormat format, String recordsPointer, boolean csvHeader,
    char csvDelimiter, char csvQuote, char csvEscape, String encoding, int skipLines,
    int skipFooterLines, String xmlRowTag, String xmlAttributePrefix,
    long maxUncompressedBytes, long maxCompressionRatio) implements Serializable {

  static PageFormat of(DatasetConfig dataset, String recordsPointer) {
    CsvConfig csv = dataset.csv();
    XmlConfig xml = dataset.xml();
    ArchiveConfig archive = dataset.archive();
    return new PageFormat(dataset.format(), recordsPointer, csv.header(),
        csv.delimiter().charAt(0), csv.quote().charAt(0), csv.escape().charAt(0),
        csv.encoding(), csv.skipLines(), csv.skipFooterLines(), xml.rowTag(),
        xml.attributePrefix(), archive.maxUncompressedBytes(), archive.maxCompressionRatio());
  }
}

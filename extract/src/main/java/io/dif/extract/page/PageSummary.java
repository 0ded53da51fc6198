package io.dif.extract.page;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a scan found in a page.
 *
 * @param values scalar values found at the wanted pointers (absent pointers have no entry)
 * @param recordsFound whether the records array was present
 * @param recordCount records in the array
 * @param boundRecords the bound fields of each record (empty when none were asked for)
 */
public record PageSummary(Map<String, String> values, boolean recordsFound, long recordCount,
    List<Map<String, String>> boundRecords) {

  public Optional<String> value(String pointer) {
    return Optional.ofNullable(values.get(pointer));
  }
}

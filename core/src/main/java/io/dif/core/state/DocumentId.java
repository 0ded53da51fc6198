package io.dif.core.state;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One raw document: a page or a file of one extraction run, named as in the raw zone
 * ({@code raw/{client}/{source}/{stream}/dt={date}/run={runId}/{name}}).
 *
 * @param date the data date ({@code dt}), not the day of extraction
 * @param name the file name in the run, e.g. {@code page-00000.json.gz}
 */
public record DocumentId(String client, String source, String stream, LocalDate date,
    String runId, String name) {

  public DocumentId {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return client + "." + source + "." + stream + " dt=" + date + " run=" + runId + " " + name;
  }
}

package io.dif.core.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The local alerts log: one JSON object a line ({@link Alert#fields()}), appended to
 * {@code <data-dir>/alerts.log}. It is written for every alert, whatever the remote target, so
 * an operator on the machine always has the record.
 */
public final class AlertsLog implements AlertTarget {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  public AlertsLog(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  @Override
  public void send(Alert alert) {
    try {
      byte[] line = (JSON.writeValueAsString(alert.fields()) + "\n")
          .getBytes(StandardCharsets.UTF_8);
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // one write of a short line in append mode: lines of concurrent processes do not mix
      Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write alert as JSON", e);
    } catch (IOException e) {
      throw new AlertDeliveryException("Cannot write alert to " + file
          + ": " + e.getMessage());
    }
  }

  @Override
  public String name() {
    return "log:" + file;
  }
}

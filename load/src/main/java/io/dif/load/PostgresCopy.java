package io.dif.load;

import io.dif.core.config.ColumnConfig;
import io.dif.core.config.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Moves rows of DuckDB queries into PostgreSQL with one {@code COPY ... FROM STDIN (FORMAT csv)}.
 * DuckDB's own CSV writer renders each query's rows into a temporary file (much faster than
 * rendering them row by row through JDBC) on a second thread, while the files already written
 * stream to the server: the server parses one part while DuckDB writes the next. Values keep
 * their exact text (decimals, dates, UTC timestamps); text columns are always quoted, so an empty
 * string ({@code ""}) stays apart from NULL (nothing), and CSV needs no backslash escapes.
 */
final class PostgresCopy {
  private static final int BUFFER_BYTES = 1 << 20;
  /** Parts written ahead of the one streaming: bounds the temporary disk space. */
  private static final int PARTS_AHEAD = 2;

  private PostgresCopy() {}

  /** The text columns among {@code names} (quoted in the CSV). */
  static List<String> textColumns(List<ColumnConfig> columns, List<String> names) {
    List<String> text = new ArrayList<>();
    for (String name : names) {
      boolean isText = name.equals(LoadStatements.CLIENT_COLUMN) || columns.stream()
          .anyMatch(c -> c.name().equals(name) && c.type().kind() == ColumnType.Kind.STRING);
      if (isText) {
        text.add(name);
      }
    }
    return text;
  }

  /**
   * Runs each of {@code parts} (queries returning {@code columns}, in order) on DuckDB and copies
   * their rows into {@code columns} of {@code table} in one COPY; returns the rows copied. On
   * failure the COPY is cancelled, so the enclosing transaction can only roll back.
   */
  static long copy(List<String> parts, List<String> textColumns, Connection postgres,
      String table, List<String> columns) throws SQLException {
    String options = "FORMAT csv, HEADER false" + (textColumns.isEmpty() ? ""
        : ", FORCE_QUOTE (" + String.join(", ", textColumns) + ")");
    BlockingQueue<Path> written = new ArrayBlockingQueue<>(PARTS_AHEAD);
    ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "dif-load-csv-writer");
      thread.setDaemon(true);
      return thread;
    });
    CopyIn copy = null;
    try {
      Future<?> writing = writer.submit(() -> {
        try (Connection duckDb = CuratedParquet.openReader();
            Statement statement = duckDb.createStatement()) {
          for (String part : parts) {
            Path file = Files.createTempFile("dif-load-", ".csv");
            try {
              statement.execute("COPY (" + part + ") TO '"
                  + LoadStatements.escape(file.toString()) + "' (" + options + ")");
              written.put(file);
            } catch (Exception e) {
              deleteTemporary(file);
              throw e;
            }
          }
        }
        return null;
      });
      copy = postgres.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " ("
          + String.join(", ", columns) + ") FROM STDIN (FORMAT csv)");
      byte[] buffer = new byte[BUFFER_BYTES];
      for (int i = 0; i < parts.size(); i++) {
        Path file = next(written, writing);
        try (InputStream in = Files.newInputStream(file)) {
          for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            copy.writeToCopy(buffer, 0, read);
          }
        } finally {
          deleteTemporary(file);
        }
      }
      return copy.endCopy();
    } catch (IOException e) {
      throw new SQLException("Cannot copy rows into " + table + ": " + e.getMessage(), e);
    } finally {
      if (copy != null && copy.isActive()) {
        copy.cancelCopy();
      }
      writer.shutdownNow();
      awaitQuietly(writer);
      written.forEach(PostgresCopy::deleteTemporary);
    }
  }

  /** The next part written, or the writer's failure. */
  private static Path next(BlockingQueue<Path> written, Future<?> writing) throws SQLException {
    try {
      while (true) {
        Path file = written.poll(100, TimeUnit.MILLISECONDS);
        if (file != null) {
          return file;
        }
        if (writing.isDone()) {
          writing.get(); // throws the writer's failure
          file = written.poll();
          if (file != null) {
            return file;
          }
          throw new SQLException("Cannot copy rows: the CSV writer stopped early");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Cannot copy rows: interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof SQLException sql ? sql
          : new SQLException("Cannot copy rows: " + cause.getMessage(), cause);
    }
  }

  /** Lets a writer cut short finish its current part, so no file is left behind. */
  private static void awaitQuietly(ExecutorService writer) {
    try {
      writer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTemporary(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file left behind: the operating system's temp cleaning removes it
    }
  }
}

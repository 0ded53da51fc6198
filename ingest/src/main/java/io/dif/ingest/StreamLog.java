package io.dif.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The write-ahead log of one push stream: {@code segment-{seq}.wal} files in its folder. Requests
 * append a record and wait until it is on disk (fsync), several requests sharing one fsync
 * (group commit). The open segment is closed (rotated) when it is big or old enough; closed
 * segments are then landed as raw pages and deleted. The next sequence number is kept in
 * {@code sequence}, written before a segment is opened, so numbers (and page names) never repeat.
 */
final class StreamLog {
  private final Path folder;
  private final Object syncLock = new Object();
  private FileChannel channel;
  private long sequence;
  private long segmentBytes;
  private Instant segmentOpened;
  private long written;
  private long synced;

  StreamLog(Path folder, Instant now) throws IOException {
    this.folder = folder;
    Files.createDirectories(folder);
    long next = readSequence();
    for (Path segment : closedSegments()) {
      next = Math.max(next, sequenceOf(segment) + 1);
    }
    open(next, now);
  }

  Path folder() {
    return folder;
  }

  /** Appends a record and returns when it is on disk. */
  void append(byte[] record) throws IOException {
    long ticket;
    synchronized (this) {
      ByteBuffer buffer = ByteBuffer.wrap(record);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      segmentBytes += record.length;
      written += record.length;
      ticket = written;
    }
    synchronized (syncLock) {
      if (synced >= ticket) {
        return; // another request's fsync covered this record
      }
      long target;
      FileChannel current;
      synchronized (this) {
        target = written;
        current = channel;
      }
      current.force(false);
      synced = target;
    }
  }

  /**
   * Closes the open segment when it holds at least {@code minBytes} (1 to close any non-empty
   * one) or has been open since before {@code openedBefore}, and opens the next one.
   */
  void rotateIf(long minBytes, Instant openedBefore, Instant now) throws IOException {
    synchronized (syncLock) {
      synchronized (this) {
        if (segmentBytes == 0 || segmentBytes < minBytes && segmentOpened.isAfter(openedBefore)) {
          return;
        }
        channel.force(false);
        synced = written;
        channel.close();
        open(sequence + 1, now);
      }
    }
  }

  /** Segments no request writes to any more, oldest first. */
  synchronized List<Path> closedSegments() throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().matches("segment-\\d+\\.wal"))
          .filter(f -> channel == null || sequenceOf(f) != sequence)
          .sorted().toList();
    }
  }

  static long sequenceOf(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring("segment-".length(), name.length() - ".wal".length()));
  }

  synchronized void close() throws IOException {
    if (channel != null) {
      channel.force(false);
      channel.close();
    }
  }

  private void open(long next, Instant now) throws IOException {
    writeSequence(next + 1);
    sequence = next;
    channel = FileChannel.open(folder.resolve(String.format("segment-%012d.wal", next)),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    segmentBytes = channel.size();
    segmentOpened = now;
    forceFolder();
  }

  private long readSequence() throws IOException {
    Path file = folder.resolve("sequence");
    return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 1;
  }

  private void writeSequence(long next) throws IOException {
    Path temporary = folder.resolve("sequence.tmp");
    try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(ByteBuffer.wrap(Long.toString(next).getBytes(
          java.nio.charset.StandardCharsets.US_ASCII)));
      out.force(true);
    }
    Files.move(temporary, folder.resolve("sequence"), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Makes a new file's directory entry durable too. */
  private void forceFolder() {
    try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      // some file systems cannot sync a folder; the file's own fsync still holds its bytes
    }
  }
}

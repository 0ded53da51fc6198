package io.dif.extract.lock;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import io.dif.core.state.FencingTokens;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run locks for the processes of one machine: an OS file lock ({@link FileChannel#tryLock}) on
 * {@code DIR/NAME.lock}. The OS drops the lock when its process dies, by SIGKILL too, so no lease
 * has to lapse before the next run may start; the holder writes "pid N since T" into the file
 * for the message of runs that find it busy. Tokens come from the control store.
 *
 * <p>An OS file lock belongs to the process, not the thread: locks held by this process are
 * also kept in a set, so two threads of one process exclude each other as well.
 */
final class FileRunLocks implements RunLocks {
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();
  private static final int LONGEST_FILE_NAME = 100;

  private final Path directory;
  private final FencingTokens tokens;
  private final Duration wait;
  /** How long a refused run waits for a new holder to describe itself in the lock file. */
  private static final Duration HOLDER_WRITE_WAIT = Duration.ofSeconds(2);

  FileRunLocks(Path directory, FencingTokens tokens, Duration wait) {
    this.directory = directory.toAbsolutePath().normalize();
    this.tokens = tokens;
    this.wait = wait;
  }

  @Override
  public RunLock acquire(String name) {
    Path file = directory.resolve(fileName(name));
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "Cannot create the lock folder "
          + directory + ": " + e);
    }
    AtomicReference<Held> taken = new AtomicReference<>();
    if (!LockWait.until(wait, () -> {
      taken.set(tryTake(file, name));
      return taken.get() != null;
    })) {
      throw LockNames.busy(name, holder(file), "lock " + file);
    }
    Held held = taken.get();
    try {
      held.token = tokens.next(name);
      held.describe();
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
    return held;
  }

  /** The lock, or null when another process or thread holds it. */
  private Held tryTake(Path file, String name) {
    if (!HELD_HERE.add(file)) {
      return null;
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new Held(name, file, channel, lock);
      }
      channel.close();
      HELD_HERE.remove(file);
      return null;
    } catch (IOException e) {
      HELD_HERE.remove(file);
      closeQuietly(channel);
      throw new RetriableException(ErrorCode.RUN_LOCKED, "Cannot take the lock of " + name
          + ": " + file + ": " + e, e);
    }
  }

  /**
   * Who holds the lock, as it describes itself; a holder that took the lock a moment ago may
   * not have written its description yet (it gets its fencing token first), so an empty file is
   * read again for a short while before the message settles for "another process".
   */
  private static String holder(Path file) {
    long deadline = System.nanoTime() + HOLDER_WRITE_WAIT.toNanos();
    while (true) {
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!text.isEmpty()) {
          return text.lines().findFirst().orElseThrow();
        }
      } catch (IOException e) {
        return "another process";
      }
      if (System.nanoTime() > deadline) {
        return "another process";
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "another process";
      }
    }
  }

  /** A file name for the lock: the name with unsafe characters replaced, hashed when long. */
  static String fileName(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.length() > LONGEST_FILE_NAME) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256")
            .digest(name.getBytes(StandardCharsets.UTF_8));
        safe = safe.substring(0, LONGEST_FILE_NAME - 17) + "-"
            + HexFormat.of().formatHex(digest, 0, 8);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return safe + ".lock";
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was locked through it
      }
    }
  }

  private final class Held implements RunLock {
    private final String name;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private long token;
    private volatile boolean closed;

    Held(String name, Path file, FileChannel channel, FileLock lock) {
      this.name = name;
      this.file = file;
      this.channel = channel;
      this.lock = lock;
    }

    /** Writes who holds the lock, for the message of a run that finds it busy. */
    void describe() {
      String text = "pid " + ProcessHandle.current().pid() + " since "
          + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\nfencing token " + token + "\n";
      try {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
      } catch (IOException e) {
        // only the message of a waiting run would lack the holder
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public long fencingToken() {
      return token;
    }

    @Override
    public void checkHeld() {
      if (closed || !lock.isValid()) {
        throw LockNames.fenced(name, token, "is no longer held");
      }
      LockNames.checkNewest(name, token, tokens.current(name));
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        channel.truncate(0);
        lock.release();
      } catch (IOException e) {
        // closing the channel below releases the lock too
      }
      closeQuietly(channel);
      HELD_HERE.remove(file);
    }
  }
}

package io.dif.extract.lock;

import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Run locks within one process; the fencing tokens still increase monotonically per lock. */
final class InProcessRunLocks implements RunLocks {
  private final Map<String, Long> holders = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> tokens = new ConcurrentHashMap<>();

  @Override
  public RunLock acquire(String name) {
    long token = tokens.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
    if (holders.putIfAbsent(name, token) != null) {
      throw new RetriableException(ErrorCode.RUN_LOCKED, "Cannot start run of " + name
          + ": another run holds its lock in this process", null);
    }
    return new RunLock() {
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
        Long holder = holders.get(name);
        if (holder == null || holder != token) {
          throw new RunFencedException("Cannot commit run of " + name + ": its lock (fencing"
              + " token " + token + ") is no longer held; a newer run took over");
        }
      }

      @Override
      public void close() {
        holders.remove(name, token);
      }
    };
  }
}

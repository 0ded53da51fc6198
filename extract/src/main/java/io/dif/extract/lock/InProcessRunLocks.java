package io.dif.extract.lock;

import io.dif.core.state.FencingTokens;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Run locks within one process; the fencing tokens come from {@code tokens}. */
final class InProcessRunLocks implements RunLocks {
  private final Map<String, Long> holders = new ConcurrentHashMap<>();
  private final FencingTokens tokens;

  InProcessRunLocks(FencingTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public RunLock acquire(String name) {
    if (holders.putIfAbsent(name, 0L) != null) {
      throw LockNames.busy(name, "another run", "in this process");
    }
    long token;
    try {
      token = tokens.next(name);
    } catch (RuntimeException e) {
      holders.remove(name, 0L);
      throw e;
    }
    holders.put(name, token);
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
          throw LockNames.fenced(name, token, "is no longer held");
        }
        LockNames.checkNewest(name, token, tokens.current(name));
      }

      @Override
      public void close() {
        holders.remove(name, token);
      }
    };
  }
}

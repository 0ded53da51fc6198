package io.dif.extract.lock;

import io.dif.core.state.FencingTokens;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Fencing tokens of one process, for {@link RunLocks#inProcess()}. */
final class InMemoryFencingTokens implements FencingTokens {
  private final Map<String, AtomicLong> tokens = new ConcurrentHashMap<>();

  @Override
  public long next(String lock) {
    return tokens.computeIfAbsent(lock, name -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public long current(String lock) {
    AtomicLong token = tokens.get(lock);
    return token == null ? 0 : token.get();
  }
}

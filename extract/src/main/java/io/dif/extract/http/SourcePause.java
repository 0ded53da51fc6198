package io.dif.extract.http;

import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Holds back every request of one source after a throttle answer: when the server says "slow
 * down" to one thread, all threads wait, instead of each running into the same limit.
 * In process; a shared limiter (Redis) can pause other processes through the same call.
 */
public final class SourcePause {
  /** Waits; a seam so tests can observe waits instead of spending them. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Clock clock;
  private final Sleeper sleeper;
  private Instant until = Instant.MIN;

  public SourcePause(Clock clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
  }

  public static SourcePause system(Clock clock) {
    return new SourcePause(clock, duration -> Thread.sleep(duration.toMillis(),
        (int) (duration.toNanosPart() % 1_000_000)));
  }

  /** Holds back every request of the source for at least {@code duration} from now. */
  public synchronized void pauseFor(Duration duration) {
    Instant end = clock.instant().plus(duration);
    if (end.isAfter(until)) {
      until = end;
    }
  }

  /** Returns once no pause is in force. */
  public void awaitClear() throws InterruptedIOException {
    while (true) {
      Duration wait;
      synchronized (this) {
        wait = Duration.between(clock.instant(), until);
      }
      if (wait.isNegative() || wait.isZero()) {
        return;
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while the source is paused by throttling");
      }
    }
  }
}

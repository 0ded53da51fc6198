package io.dif.extract;

/** Ports for tests. */
public final class TestingRedisPorts {
  private TestingRedisPorts() {}

  /** A port nothing listens on (just released by the OS). */
  public static int unused() {
    return TestingRedis.freePort();
  }
}

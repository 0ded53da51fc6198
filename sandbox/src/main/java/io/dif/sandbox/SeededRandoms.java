package io.dif.sandbox;

import java.util.SplittableRandom;

/**
 * Random generators keyed by what they generate, so that a value depends only on the seed and its
 * key (campaign, ad, date), never on the order in which values are asked for.
 */
final class SeededRandoms {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private SeededRandoms() {}

  /**
   * A generator for one key.
   *
   * @param purpose what is generated ("campaign", "ad", ...), so that keys with equal numbers but
   *     different purposes get unrelated streams
   */
  static SplittableRandom forKey(long seed, String purpose, long... parts) {
    // String.hashCode is specified by the language, so the key hash is stable across JVMs.
    long hash = mix(seed + GOLDEN_GAMMA);
    hash = mix(hash ^ purpose.hashCode());
    for (long part : parts) {
      hash = mix((hash + GOLDEN_GAMMA) ^ part);
    }
    return new SplittableRandom(hash);
  }

  /** The SplitMix64 finalizer: spreads every input bit over the whole output. */
  static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

package io.dif.extract.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.config.RateLimitConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlidingSecondTest {
  private static final long MS = 1_000_000L;

  @Test
  void admitsTheCapInAnyOneSecondWindowThenSaysWhenTheOldestLeavesIt() {
    SlidingSecond second = new SlidingSecond(3);
    long t = 5_000 * MS;
    assertThat(second.take(t)).isZero();
    assertThat(second.take(t + 400 * MS)).isZero();
    assertThat(second.take(t + 900 * MS)).isZero();
    // a fourth start within a second of the first waits until the first is a second old
    assertThat(second.take(t + 950 * MS)).isEqualTo(50 * MS);
    assertThat(second.take(t + 1000 * MS)).isZero();
    // now the starts are at 400, 900 and 1000 ms: the next one waits for 400 to leave
    assertThat(second.take(t + 1100 * MS)).isEqualTo(300 * MS);
    assertThat(second.take(t + 1400 * MS)).isZero();
    assertThat(second.take(t + 1401 * MS)).isEqualTo(499 * MS);
  }

  @Test
  void theCapIsALittleUnderTheRateAndNeverZero() {
    assertThat(RateLimitBandwidths.perSecondWindow(config(100))).isEqualTo(97);
    assertThat(RateLimitBandwidths.perSecondWindow(config(40))).isEqualTo(39);
    assertThat(RateLimitBandwidths.perSecondWindow(config(30))).isEqualTo(29);
    assertThat(RateLimitBandwidths.perSecondWindow(config(1))).isEqualTo(1);
  }

  private static RateLimitConfig config(int perSecond) {
    return new RateLimitConfig(perSecond, 4, Optional.empty(), Optional.empty());
  }
}

package io.dif.extract.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dif.core.config.RateLimitConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WallClockSecondsTest {

  @Test
  void admitsTheCapInOneSecondThenSaysHowLongUntilTheNext() {
    WallClockSeconds seconds = new WallClockSeconds(3);
    long second = 1_700_000_000_000L;
    assertThat(seconds.take(second + 10)).isZero();
    assertThat(seconds.take(second + 500)).isZero();
    assertThat(seconds.take(second + 990)).isZero();
    assertThat(seconds.take(second + 994)).isEqualTo(6);
    assertThat(seconds.take(second + 999)).isEqualTo(1);
    // a new second has its own places
    assertThat(seconds.take(second + 1000)).isZero();
    assertThat(seconds.take(second + 1001)).isZero();
    assertThat(seconds.take(second + 1002)).isZero();
    assertThat(seconds.take(second + 1003)).isEqualTo(997);
  }

  @Test
  void theCapIsALittleUnderTheRateAndNeverZero() {
    assertThat(RateLimitBandwidths.perWallClockSecond(config(100))).isEqualTo(97);
    assertThat(RateLimitBandwidths.perWallClockSecond(config(40))).isEqualTo(39);
    assertThat(RateLimitBandwidths.perWallClockSecond(config(30))).isEqualTo(29);
    assertThat(RateLimitBandwidths.perWallClockSecond(config(1))).isEqualTo(1);
  }

  private static RateLimitConfig config(int perSecond) {
    return new RateLimitConfig(perSecond, 4, Optional.empty(), Optional.empty());
  }
}

package io.dif.extract.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisConnectionTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "redis//x|Cannot use Redis URL redis//x: the scheme must be redis or rediss",
      "http://x:6379|Cannot use Redis URL http://x:6379: the scheme must be redis or rediss",
      "redis://|Cannot use Redis URL redis://: not a URL",
      "redis://:6379|Cannot use Redis URL redis://:6379: no host",
      "redis://host:port|Cannot use Redis URL redis://host:port: no host",
      "redis://host:6379/zero|Cannot use Redis URL redis://host:6379/zero: after the host",
      "redis://user:s3cret@:6379|Cannot use Redis URL redis://[hidden]@:6379: no host",
      "redis://user:s3cret@host:6379/x|Cannot use Redis URL redis://[hidden]@host:6379/x: after",
      "redis//user:s3cret@host|Cannot use Redis URL redis//[hidden]@host: the scheme must be",
      "user:s3cret@host|Cannot use Redis URL [hidden]@host: the scheme must be",
      "host:6379|Cannot use Redis URL host:6379: the scheme must be redis or rediss"})
  void aMalformedUrlIsOneConfigurationLineWithoutItsPassword(String url, String message) {
    assertThatThrownBy(() -> RedisConnection.connect(url))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
          assertThat(e.getMessage()).startsWith(message).doesNotContain("s3cret")
              .doesNotContain("\n");
          assertThat(e.getCause()).isNull();
        });
  }
}

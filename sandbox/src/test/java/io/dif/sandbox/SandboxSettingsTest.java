package io.dif.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SandboxSettingsTest {

  @Test
  void defaultsAreSeed42TwelveCampaignsUnlimitedNoTokenAnyPort() {
    assertThat(SandboxSettings.defaults())
        .isEqualTo(new SandboxSettings(42, 12, 0, Optional.empty(), 0));
  }

  @Test
  void withMethodsChangeOneField() {
    SandboxSettings settings =
        SandboxSettings.defaults()
            .withSeed(7)
            .withCampaigns(3)
            .withRequestsPerSecond(5)
            .withAccessToken("token")
            .withPort(18080);

    assertThat(settings).isEqualTo(new SandboxSettings(7, 3, 5, Optional.of("token"), 18080));
    assertThat(settings.withoutAccessToken().accessToken()).isEmpty();
  }

  @Test
  void toStringHidesTheAccessToken() {
    String text = SandboxSettings.defaults().withAccessToken("s3cr3t-value").toString();

    assertThat(text).doesNotContain("s3cr3t-value").contains("accessToken=[hidden]");
  }

  @Test
  void invalidValuesAreReportedTogether() {
    assertThatThrownBy(() -> new SandboxSettings(1, -1, -2, Optional.of(" "), 70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot configure sandbox server: ")
        .hasMessageContaining("campaigns must be between 0 and 10000: -1")
        .hasMessageContaining("requestsPerSecond must be 0 (unlimited) or more: -2")
        .hasMessageContaining("accessToken must not be blank")
        .hasMessageContaining("port must be between 0 (any free port) and 65535: 70000");
  }
}

package io.dif.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.error.ConfigurationException;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GlueArgumentsTest {

  @Test
  void readsTheJobArgumentsAmongThoseGlueAdds() {
    GlueArguments arguments = GlueArguments.parse(
        "--JOB_ID", "j_4a1b2c", "--JOB_RUN_ID", "jr_9f8e7d",
        "--job-bookmark-option", "job-bookmark-disable",
        "--TempDir", "s3://aws-glue-assets-123456789012-eu-west-1/temporary/",
        "--enable-metrics", "--client", "acme",
        "--config", "s3://dif-conf/clients/acme.yaml",
        "--zones-root", "s3a://dif-zones/prod",
        "--dataset", "ad_insights_daily",
        "--from", "2024-01-01", "--to=2024-01-07",
        "--JOB_NAME", "dif-transform");

    assertThat(arguments).isEqualTo(new GlueArguments("acme", Optional.of("ad_insights_daily"),
        "s3://dif-conf/clients/acme.yaml", "s3a://dif-zones/prod",
        Optional.of(LocalDate.parse("2024-01-01")), Optional.of(LocalDate.parse("2024-01-07"))));
  }

  @Test
  void datasetAndDatesAreOptional() {
    GlueArguments arguments = GlueArguments.parse("--client", "acme", "--config",
        "conf/clients/acme.yaml", "--zones-root", "./data", "--dataset", "");

    assertThat(arguments).isEqualTo(new GlueArguments("acme", Optional.empty(),
        "conf/clients/acme.yaml", "./data", Optional.empty(), Optional.empty()));
  }

  @Test
  void namesEveryMissingArgument() {
    assertThatThrownBy(() -> GlueArguments.parse("--JOB_ID", "j_1", "--client", "acme",
        "--config"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Cannot start the transform job: missing arguments: --config, --zones-root");
  }

  @Test
  void rejectsADateThatIsNotIso() {
    assertThatThrownBy(() -> GlueArguments.parse("--client", "acme", "--config", "a.yaml",
        "--zones-root", "./data", "--from", "01/02/2024"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Cannot start the transform job: --from must be a yyyy-MM-dd date:"
            + " 01/02/2024");
  }
}

package io.dif.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.error.ConfigurationException;
import io.dif.pipeline.ProfileKey;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {
  private static final String[] GLUE_ARGUMENTS = {
      "--JOB_ID", "j_4a1b2c", "--JOB_RUN_ID", "jr_9f8e7d",
      "--job-bookmark-option", "job-bookmark-disable",
      "--TempDir", "s3://aws-glue-assets-123456789012-eu-west-1/temporary/",
      "--enable-metrics", "--client", "acme",
      "--zones-root", "s3://dif-zones/prod", "--conf-dir", "s3://dif-artifacts/conf/clients",
      "--catalog", "glue", "--control-store", "dynamodb:dif-control?region=eu-west-1",
      "--kms-key-id", "arn:aws:kms:eu-west-1:123456789012:key/1234",
      "--redis-url-secret", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dif-redis",
      "--dataset", "ad_insights_daily", "--from", "2024-01-01", "--to=2024-01-07",
      "--reprocess", "true", "--lock-wait", "PT10M", "--JOB_NAME", "dif-transform"};

  @Test
  void readsTheJobArgumentsAndTheProfileAmongThoseGlueAdds() {
    JobArguments arguments = JobArguments.parse(Map.of(), GLUE_ARGUMENTS);

    assertThat(arguments.client()).isEqualTo("acme");
    assertThat(arguments.dataset()).contains("ad_insights_daily");
    assertThat(arguments.from()).contains(LocalDate.parse("2024-01-01"));
    assertThat(arguments.to()).contains(LocalDate.parse("2024-01-07"));
    assertThat(arguments.reprocess()).isTrue();
    assertThat(arguments.lockWait()).isEqualTo(Duration.ofMinutes(10));
    assertThat(arguments.onGlue()).isTrue();
    assertThat(arguments.profile().zones().root()).isEqualTo("s3://dif-zones/prod");
    assertThat(arguments.profile().sparkZones().root()).isEqualTo("s3a://dif-zones/prod");
    assertThat(arguments.profile().confDir()).isEqualTo("s3://dif-artifacts/conf/clients");
    assertThat(arguments.profile().get(ProfileKey.CONTROL_STORE))
        .contains("dynamodb:dif-control?region=eu-west-1");
  }

  @Test
  void profileSettingsFallBackToTheirEnvironmentVariables() {
    JobArguments arguments = JobArguments.parse(Map.of("DIF_ZONES_ROOT", "s3://env-zones/p",
        "DIF_CONTROL_STORE", "dynamodb:t", "DIF_REDIS_URL", "redis://r:6379",
        "DIF_CATALOG", "jdbc:postgresql://db/catalog"), "--client", "acme", "--catalog", "glue");

    assertThat(arguments.profile().zones().root()).isEqualTo("s3://env-zones/p");
    assertThat(arguments.profile().get(ProfileKey.CATALOG)).contains("glue");
    assertThat(arguments.reprocess()).isFalse();
    assertThat(arguments.onGlue()).isFalse();
    assertThat(arguments.dataset()).isEmpty();
  }

  @Test
  void namesEveryProblemOfTheProfileAtOnce() {
    assertThatThrownBy(() -> JobArguments.parse(Map.of(), "--client", "acme",
        "--zones-root", "s3a://dif-zones/prod", "--data-dir", "s3://x/y",
        "--redshift-url", "jdbc:postgresql://h/db"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Cannot use the deployment profile: --data-dir (DIF_DATA_DIR) must be a"
            + " local folder, not s3://x/y (zones on S3 are given with --zones-root"
            + " (DIF_ZONES_ROOT) s3://bucket/prefix); --zones-root (DIF_ZONES_ROOT) must be"
            + " given as s3://bucket/prefix (Spark reads it through s3a:// by itself), not"
            + " s3a://dif-zones/prod; --redshift-url (DIF_REDSHIFT_URL) must be a"
            + " jdbc:redshift://host:port/db URL");
  }

  @Test
  void zonesOnS3NeedSharedStateAndLocks() {
    assertThatThrownBy(() -> JobArguments.parse(Map.of(), "--client", "acme",
        "--zones-root", "s3://dif-zones/prod"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("--catalog (DIF_CATALOG) local keeps the table catalog in the"
            + " data folder of one machine")
        .hasMessageContaining("give --control-store (DIF_CONTROL_STORE) dynamodb:TABLE")
        .hasMessageContaining("run locks must hold across machines");
  }

  @Test
  void theRedisLeaseIsAtLeastThreeSeconds() {
    assertThat(JobArguments.parse(Map.of(), "--client", "acme").profile().lockLease())
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(JobArguments.parse(Map.of("DIF_LOCK_LEASE", "PT10S"), "--client", "acme")
        .profile().lockLease()).isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(() -> JobArguments.parse(Map.of(), "--client", "acme", "--lock-lease",
        "PT1S"))
        .hasMessage("Cannot use the deployment profile: --lock-lease (DIF_LOCK_LEASE) must be"
            + " an ISO-8601 duration of at least PT3S, not PT1S");
  }

  @Test
  void aMissingClientIsOneLine() {
    assertThatThrownBy(() -> JobArguments.parse(Map.of(), "--JOB_ID", "j_1"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Cannot start the job: missing argument --client");
  }

  @Test
  void rejectsADateThatIsNotIsoAndAWaitThatIsNotADuration() {
    assertThatThrownBy(() -> JobArguments.parse(Map.of(), "--client", "acme",
        "--from", "01/02/2024"))
        .hasMessage("Cannot start the job: --from must be a yyyy-MM-dd date: 01/02/2024");
    assertThatThrownBy(() -> JobArguments.parse(Map.of(), "--client", "acme",
        "--lock-wait", "10m"))
        .hasMessage("Cannot start the job: --lock-wait must be a non-negative ISO-8601"
            + " duration such as PT10M: 10m");
    assertThatThrownBy(() -> JobArguments.parse(Map.of(), "--client", "acme",
        "--reprocess", "yes"))
        .hasMessage("Cannot start the job: --reprocess must be true or false, not yes");
    assertThat(Optional.of(JobArguments.parse(Map.of(), "--client", "acme", "--reprocess")
        .reprocess())).contains(true);
  }
}

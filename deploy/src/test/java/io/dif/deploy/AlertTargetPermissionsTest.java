package io.dif.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dif.core.config.AlertsConfig;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * What the stages' roles are allowed for the clients' own alert targets (modules/alert_targets,
 * evaluated by {@code terraform console}): sns:Publish on each client's SNS topic, ses:SendEmail
 * from each SES sender's address and domain identities; nothing for webhook and log targets.
 */
class AlertTargetPermissionsTest {
  private static final String ACCOUNT = "210987654321";

  @TempDir
  Path work;

  @Test
  void everyClientTargetOnAwsIsAllowedAndNothingElse() throws Exception {
    Map<String, Object> clients = new LinkedHashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(
        TerraformFiles.REPO.resolve("conf/clients"), "*.yaml")) {
      for (Path file : files) {
        Map<String, Object> client = new Yaml().load(Files.readString(file));
        clients.put(String.valueOf(client.get("client")), client);
      }
    }
    Map<String, String> targets = new LinkedHashMap<>();
    targets.put("topic", "sns:arn:aws:sns:eu-west-1:123456789012:acme-alerts");
    targets.put("same_topic_by_endpoint",
        "sns:arn:aws:sns:eu-west-1:123456789012:acme-alerts?endpoint=https://sns.local");
    targets.put("fifo_topic", "sns:arn:aws:sns:us-east-1:123456789012:ops.fifo");
    targets.put("mail", "ses:ops@acme.example,data@acme.example?from=alerts@dif.example.org"
        + "&region=eu-west-1");
    targets.put("mail_by_endpoint", "ses:x@y.example?from=noreply@mail.example.net"
        + "&region=us-east-1&endpoint=http://127.0.0.1:1");
    targets.put("webhook", "webhook:slack_url");
    targets.put("log", "log");
    targets.forEach((client, target) -> {
      // each is a target DIF itself accepts
      assertThat(target).matches(AlertsConfig.TARGET);
      clients.put(client, Map.of("client", client, "alerts", Map.of("target", target)));
    });
    clients.put("no_target", Map.of("client", "no_target", "alerts", Map.of("stuck_after",
        "PT2H")));

    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("clients", clients);
    variables.put("account_id", ACCOUNT);
    variables.put("partition", "aws");
    JsonNode allowed = TerraformConsole.evaluate(work, "alert_targets", variables,
        "{ sns = local.sns_topic_arns, ses = local.ses_identity_arns }");

    assertThat(texts(allowed.path("sns"))).containsExactlyInAnyOrder(
        "arn:aws:sns:eu-west-1:123456789012:acme-alerts",
        "arn:aws:sns:us-east-1:123456789012:ops.fifo");
    assertThat(texts(allowed.path("ses"))).containsExactlyInAnyOrder(
        "arn:aws:ses:eu-west-1:" + ACCOUNT + ":identity/alerts@dif.example.org",
        "arn:aws:ses:eu-west-1:" + ACCOUNT + ":identity/dif.example.org",
        "arn:aws:ses:us-east-1:" + ACCOUNT + ":identity/noreply@mail.example.net",
        "arn:aws:ses:us-east-1:" + ACCOUNT + ":identity/mail.example.net");
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(value -> texts.add(value.asText()));
    return texts;
  }
}

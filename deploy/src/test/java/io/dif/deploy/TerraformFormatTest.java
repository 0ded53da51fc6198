package io.dif.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code terraform fmt -check -recursive terraform/}: what CI and reviewers expect. */
class TerraformFormatTest {
  @Test
  void terraformFilesAreFormatted() throws IOException, InterruptedException {
    String terraform = Executables.requireOutsideCi("terraform",
        "the format check runs terraform fmt (Terraform 1.x, https://developer.hashicorp.com/terraform/install)");
    Process process = new ProcessBuilder(terraform, "fmt", "-check", "-recursive", "-diff",
        TerraformFiles.TERRAFORM.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // a limit for a hung process, not a performance expectation
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue())
        .as("terraform fmt -check -recursive terraform/ (run terraform fmt -recursive terraform/"
            + " to fix):%n%s", output)
        .isZero();
  }
}

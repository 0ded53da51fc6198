package io.dif.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed JSON Schema must be what the config records generate, and it must agree with
 * the loader on real files. Regenerate with {@code -Ddif.schema.update=true}.
 */
class ClientConfigSchemaTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path COMMITTED = REPO.resolve(ClientConfigSchema.COMMITTED_PATH);

  @Test
  void committedSchemaIsCurrent() throws IOException {
    String generated = ClientConfigSchema.generate();
    if (Boolean.getBoolean("dif.schema.update")) {
      Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(COMMITTED))
        .as("%s is missing; run the tests once with -Ddif.schema.update=true", COMMITTED).isTrue();
    assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
        .as("%s is stale; run the tests once with -Ddif.schema.update=true", COMMITTED)
        .isEqualTo(generated);
  }

  @Test
  void everyCommittedClientConfigIsValidForLoaderAndSchema() throws IOException {
    JsonSchema schema = schema();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(REPO.resolve("conf/clients"))) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      new ClientConfigLoader().load(file);
      assertThat(schema.validate(yaml(Files.readString(file))))
          .as("schema problems of %s", file).isEmpty();
    }
  }

  @Test
  void schemaRejectsWhatTheLoaderRejects() throws IOException {
    JsonSchema schema = schema();
    String demo = Files.readString(REPO.resolve("conf/clients/demo.yaml"));
    assertThat(messages(schema, demo.replace("rate_limit:", "rate_limt:")))
        .anyMatch(m -> m.contains("rate_limt"));
    assertThat(messages(schema, demo.replace("type: cursor", "type: cursr")))
        .anyMatch(m -> m.contains("paginate.type"));
    assertThat(messages(schema, demo.replace("type: \"decimal(18,4)\"", "type: money")))
        .anyMatch(m -> m.contains("columns[5].type"));
    assertThat(messages(schema, demo.replace("version: 1", "version: 2")))
        .anyMatch(m -> m.contains("version"));
  }

  private static List<String> messages(JsonSchema schema, String yaml) throws IOException {
    Set<ValidationMessage> messages = schema.validate(yaml(yaml));
    return messages.stream().map(ValidationMessage::getMessage).toList();
  }

  private static JsonSchema schema() throws IOException {
    JsonNode schemaNode = new ObjectMapper().readTree(ClientConfigSchema.generate());
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);
  }

  private static JsonNode yaml(String text) throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(text);
  }
}

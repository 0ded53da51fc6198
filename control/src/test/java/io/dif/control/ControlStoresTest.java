package io.dif.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.error.ConfigurationException;
import io.dif.core.state.DocumentId;
import io.dif.core.state.DocumentState;
import io.dif.core.state.RowCounts;
import io.dif.core.state.Transition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlStoresTest {
  @TempDir
  Path folder;

  @Test
  void parsesSqliteAndDynamoDbUrls() {
    assertThat(ControlStores.Location.parse("sqlite:data/control.db"))
        .isEqualTo(new ControlStores.Location("sqlite", "data/control.db", Optional.empty(),
            Optional.empty()));
    assertThat(ControlStores.Location.parse("dynamodb:dif-control"))
        .isEqualTo(new ControlStores.Location("dynamodb", "dif-control", Optional.empty(),
            Optional.empty()));
    assertThat(ControlStores.Location.parse(
        "dynamodb:dif-control?region=eu-west-1&endpoint=http://localhost:4567"))
        .isEqualTo(new ControlStores.Location("dynamodb", "dif-control",
            Optional.of("eu-west-1"), Optional.of("http://localhost:4567")));
    assertThat(ControlStores.DEFAULT_URL).isEqualTo("sqlite:data/control.db");
  }

  @Test
  void refusesUnknownKindsOptionsAndTableNames() {
    assertThatThrownBy(() -> ControlStores.Location.parse("postgres://x/y"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("use sqlite:PATH or dynamodb:TABLE");
    assertThatThrownBy(() -> ControlStores.Location.parse("sqlite:"))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> ControlStores.Location.parse("dynamodb:a b"))
        .hasMessageContaining("3 to 255");
    assertThatThrownBy(() -> ControlStores.Location.parse("dynamodb:dif-control?profile=x"))
        .hasMessageContaining("\"profile\"");
    assertThatThrownBy(() -> ControlStores.Location.parse("dynamodb:dif-control?region=a&region=b"))
        .hasMessageContaining("\"region\"");
    // an endpoint with user info is refused without printing it
    assertThatThrownBy(() -> ControlStores.Location.parse(
        "dynamodb:dif-control?endpoint=http://user:pa55word@localhost:4567"))
        .hasMessageContaining("without user info").hasMessageNotContaining("pa55word");
  }

  @Test
  void sqliteUrlOpensTheEmbeddedStores() {
    Path file = folder.resolve("control.db");
    TestingClock clock = new TestingClock(Instant.parse("2024-03-02T06:00:00Z"));
    try (ControlStores stores = ControlStores.open("sqlite:" + file)) {
      DocumentId id = new DocumentId("acme", "meta", "insights", LocalDate.parse("2024-03-01"),
          "run-1", "page-00000.json");
      stores.states(clock).land(id, Transition.to(DocumentState.LANDED, "run-1", "extract",
          RowCounts.NONE));
      assertThat(stores.states(clock).get(id)).isPresent();
      assertThat(stores.fencingTokens().next("acme.meta")).isEqualTo(1);
      assertThat(stores.location()).isEqualTo("sqlite:" + file);
    }
    assertThat(Files.exists(file)).isTrue();
  }
}

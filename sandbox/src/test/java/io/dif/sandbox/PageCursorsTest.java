package io.dif.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageCursorsTest {

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 24, 99, 1_000_000, Long.MAX_VALUE})
  void decodeReturnsTheEncodedRow(long row) {
    assertThat(PageCursors.decode(PageCursors.encode(row))).isEqualTo(row);
  }

  @Test
  void cursorsAreOpaqueUrlSafeBase64() {
    assertThat(PageCursors.encode(24)).matches("[A-Za-z0-9_-]+").doesNotContain("24");
    assertThat(PageCursors.encode(24)).isNotEqualTo(PageCursors.encode(25));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "12", "!!!"})
  void textThatIsNotACursorIsAnInvalidParameter(String cursor) {
    assertInvalid(cursor);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sandbox-row:", "sandbox-row:-1", "sandbox-row:1x", "sandbox-row:9999999999999999999",
        "other-row:5"
      })
  void base64OfSomethingElseIsAnInvalidParameter(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertInvalid(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  private static void assertInvalid(String cursor) {
    assertThatThrownBy(() -> PageCursors.decode(cursor))
        .isInstanceOfSatisfying(
            GraphApiError.class,
            error -> {
              assertThat(error.httpStatus()).isEqualTo(400);
              assertThat(error.code()).isEqualTo(100);
              assertThat(error.getMessage()).contains(cursor);
            });
  }
}

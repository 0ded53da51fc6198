package io.dif.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageRequestTest {

  @Test
  void withoutParametersTheFirst25Rows() {
    assertThat(PageRequest.from(QueryParameters.parse(null))).isEqualTo(new PageRequest(0, 25));
  }

  @Test
  void afterStartsAtTheRowFollowingTheCursor() {
    String query = "limit=4&after=" + PageCursors.encode(7);

    assertThat(PageRequest.from(QueryParameters.parse(query))).isEqualTo(new PageRequest(8, 4));
  }

  @Test
  void afterTheLastPossibleRowIsAnEmptyPageNotAnOverflow() {
    String query = "after=" + PageCursors.encode(Long.MAX_VALUE);

    assertThat(PageRequest.from(QueryParameters.parse(query)).firstRow()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void limitsAbove100AreLowered() {
    assertThat(PageRequest.from(QueryParameters.parse("limit=1000")).limit()).isEqualTo(100);
  }

  @Test
  void nonPositiveOrNonNumericLimitsAreInvalid() {
    for (String limit : new String[] {"0", "-3", "2.5", "", "%31%30x"}) {
      assertThatThrownBy(() -> PageRequest.from(QueryParameters.parse("limit=" + limit)))
          .as(limit)
          .isInstanceOf(GraphApiError.class)
          .hasMessageContaining("limit");
    }
  }

  @Test
  void queryValuesArePercentDecodedAndTheFirstOneWins() {
    QueryParameters query = QueryParameters.parse("since=2024-01-01&since=2025-01-01&name=a%20b+c");

    assertThat(query.get("since")).hasValue("2024-01-01");
    assertThat(query.get("name")).hasValue("a b c");
    assertThat(query.get("until")).isEmpty();
  }
}

package io.dif.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dif.sandbox.SandboxClient.Reply;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxServerPagingIT {

  private static final SandboxSettings SETTINGS = SandboxSettings.defaults().withCampaigns(12);
  private static final SandboxData DATA = SandboxData.of(SETTINGS);

  private static SandboxServer server;
  private static SandboxClient client;

  @BeforeAll
  static void startServer() {
    server = SandboxServer.start(SETTINGS);
    client = new SandboxClient(server);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void walkingNextOverCampaignsReturnsEveryCampaignOnceInOrder() {
    List<Reply> pages = client.allPages("/v1/campaigns?limit=5", 10);

    assertThat(pages).hasSize(3);
    List<String> ids = new ArrayList<>();
    for (Reply page : pages) {
      page.json().get("data").forEach(campaign -> ids.add(campaign.get("id").asText()));
      assertThat(page.json().at("/paging/cursors/before").isTextual()).isTrue();
      assertThat(page.json().at("/paging/cursors/after").isTextual()).isTrue();
    }
    assertThat(ids).containsExactlyElementsOf(DATA.campaigns().stream().map(Campaign::id).toList());
    assertThat(pages.get(0).json().get("data")).hasSize(5);
    assertThat(pages.get(1).json().get("data")).hasSize(5);
    assertThat(pages.get(2).json().get("data")).hasSize(2);
    assertThat(pages.get(1).json().at("/paging/next").asText())
        .startsWith(server.baseUrl() + "/v1/campaigns?");
    assertThat(pages.get(2).json().get("paging").has("next")).isFalse();
  }

  @Test
  void leadsOfAFormArePagedInCreationOrderWithTheirAnswersInFieldData() {
    LocalDate since = LocalDate.of(2024, 1, 1);
    LocalDate until = LocalDate.of(2024, 1, 7);
    List<Lead> expected = DATA.leads(since, until);
    List<Reply> pages = client.allPages("/v1/" + SandboxData.LEAD_FORM_ID
        + "/leads?since=2024-01-01&until=2024-01-07&limit=10", 20);

    List<JsonNode> served = new ArrayList<>();
    pages.forEach(page -> page.json().get("data").forEach(served::add));
    assertThat(pages).hasSize((expected.size() + 9) / 10);
    assertThat(served).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      Lead lead = expected.get(i);
      JsonNode node = served.get(i);
      assertThat(node.get("id").asText()).isEqualTo(lead.id());
      assertThat(node.get("created_time").asText())
          .matches("2024-01-0[1-7]T\\d{2}:\\d{2}:\\d{2}\\+0000");
      assertThat(node.get("campaign_id").asText()).isEqualTo(lead.campaignId());
      assertThat(DATA.campaign(lead.campaignId())).isPresent();
      assertThat(node.get("form_id").asText()).isEqualTo(SandboxData.LEAD_FORM_ID);
      assertThat(node.at("/field_data/0/name").asText()).isEqualTo("full_name");
      assertThat(node.at("/field_data/0/values/0").asText()).isEqualTo(lead.fullName());
      assertThat(node.at("/field_data/1/name").asText()).isEqualTo("email");
      assertThat(node.at("/field_data/1/values/0").asText()).isEqualTo(lead.email());
      assertThat(node.at("/field_data/2/values/0").asText()).isEqualTo(lead.phoneNumber());
    }
    assertThat(expected.stream().map(Lead::email).distinct()).hasSize(expected.size());
    assertThat(client.get("/v1/" + SandboxData.LEAD_FORM_ID + "/leads?since=2024-01-03"
        + "&until=2024-01-03").json().get("data")).hasSize(DATA.leads(since.plusDays(2),
        since.plusDays(2)).size());
    assertThat(client.get("/v1/1400000000999/leads?since=2024-01-01&until=2024-01-01")
        .status()).isEqualTo(404);
  }

  @Test
  void campaignFieldsAreTheGeneratedOnesAsGraphApiStrings() {
    JsonNode first = client.get("/v1/campaigns?limit=1").json().get("data").get(0);
    Campaign expected = DATA.campaigns().get(0);

    assertThat(first.get("id").asText()).isEqualTo("1200000000001").isEqualTo(expected.id());
    assertThat(first.get("name").asText()).isEqualTo(expected.name()).startsWith("Campaign 01 - ");
    assertThat(first.get("status").asText()).isEqualTo(expected.status());
    assertThat(first.get("objective").asText()).isEqualTo(expected.objective());
    assertThat(first.get("daily_budget").isTextual()).isTrue();
    assertThat(first.get("daily_budget").asText())
        .isEqualTo(expected.dailyBudget().toPlainString())
        .matches("\\d+\\.\\d{2}");
    assertThat(first.get("created_time").asText())
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+0000");
    assertThat(first.size()).isEqualTo(6);
  }

  @Test
  void defaultLimitIs25AndLimitsAbove100AreLowered() {
    SandboxSettings many = SandboxSettings.defaults().withCampaigns(130);
    try (SandboxServer large = SandboxServer.start(many)) {
      SandboxClient largeClient = new SandboxClient(large);

      assertThat(largeClient.get("/v1/campaigns").json().get("data")).hasSize(25);
      Reply capped = largeClient.get("/v1/campaigns?limit=500");
      assertThat(capped.json().get("data")).hasSize(100);
      assertThat(capped.json().at("/paging/next").asText()).contains("limit=100");
      assertThat(largeClient.allPages("/v1/campaigns?limit=100", 5)).hasSize(2);
    }
  }

  @Test
  void walkingNextOverInsightsReturnsEveryAdOfEveryDayOnceInDateThenAdOrder() {
    Campaign campaign = campaignWithAtLeastTwoAds();
    List<Ad> ads = DATA.ads(campaign);
    LocalDate since = LocalDate.of(2024, 1, 1);
    LocalDate until = LocalDate.of(2024, 1, 3);

    String firstPage =
        "/v1/campaigns/" + campaign.id() + "/insights?since=2024-01-01&until=2024-01-03&limit=4";

    List<Reply> pages = client.allPages(firstPage, 50);

    int expectedRows = ads.size() * 3;
    assertThat(pages).hasSize((expectedRows + 3) / 4);
    List<JsonNode> rows = new ArrayList<>();
    pages.forEach(page -> page.json().get("data").forEach(rows::add));
    assertThat(rows).hasSize(expectedRows);
    List<AdInsight> expected = DATA.insights(campaign, since, until);
    for (int index = 0; index < expectedRows; index++) {
      assertRowIs(rows.get(index), expected.get(index));
    }
    assertThat(rows.stream().map(row -> row.get("date_start").asText() + "/"
            + row.get("ad_id").asText()))
        .doesNotHaveDuplicates()
        .isSorted();
    assertThat(pages.get(pages.size() - 1).json().get("paging").has("next")).isFalse();
    assertThat(pages.get(pages.size() - 1).json().at("/paging/cursors/after").isTextual())
        .isTrue();
    assertThat(pages.get(0).json().at("/paging/next").asText())
        .startsWith(server.baseUrl() + "/v1/campaigns/" + campaign.id() + "/insights?")
        .contains("since=2024-01-01", "until=2024-01-03", "limit=4", "after=");
  }

  @Test
  void afterTheLastRowThePageIsEmptyWithoutPaging() {
    Reply last = client.allPages("/v1/campaigns?limit=5", 10).get(2);
    String lastCursor = last.json().at("/paging/cursors/after").asText();

    Reply beyond = client.get("/v1/campaigns?limit=5&after=" + lastCursor);

    assertThat(beyond.status()).isEqualTo(200);
    assertThat(beyond.text()).isEqualTo("{\"data\":[]}");
  }

  private static void assertRowIs(JsonNode row, AdInsight expected) {
    assertThat(row.get("campaign_id").asText()).isEqualTo(expected.campaignId());
    assertThat(row.get("ad_id").asText()).isEqualTo(expected.adId());
    assertThat(row.get("ad_name").asText()).isEqualTo(expected.adName());
    assertThat(row.get("date_start").asText()).isEqualTo(expected.date().toString());
    assertThat(row.get("date_stop").asText()).isEqualTo(expected.date().toString());
    assertThat(row.get("impressions").isTextual()).isTrue();
    assertThat(row.get("impressions").asText()).isEqualTo(Long.toString(expected.impressions()));
    assertThat(row.get("clicks").asText()).isEqualTo(Long.toString(expected.clicks()));
    assertThat(row.get("spend").asText())
        .isEqualTo(expected.spend().toPlainString())
        .matches("\\d+\\.\\d{4}");
    assertThat(row.get("currency").asText()).isEqualTo("EUR");
  }

  private static Campaign campaignWithAtLeastTwoAds() {
    return DATA.campaigns().stream()
        .filter(campaign -> DATA.ads(campaign).size() >= 2)
        .findFirst()
        .orElseThrow(() -> new AssertionError("Seed 42 has no campaign with two ads"));
  }
}

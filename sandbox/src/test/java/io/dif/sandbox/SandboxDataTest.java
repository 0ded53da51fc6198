package io.dif.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SandboxDataTest {

  private static final LocalDate JANUARY_FIRST = LocalDate.of(2024, 1, 1);
  private static final SandboxData DATA = SandboxData.of(42, 40);
  private static final Campaign PINNED_FIRST_CAMPAIGN =
      new Campaign(
          "1200000000001",
          "Campaign 01 - Lookalike Audiences",
          "ACTIVE",
          "OUTCOME_TRAFFIC",
          new BigDecimal("235.00"),
          Instant.parse("2023-04-19T09:00:00Z"));
  private static final AdInsight PINNED_FIRST_INSIGHT =
      new AdInsight(
          "1200000000001",
          "1300000000101",
          "Ad 01 - Video",
          LocalDate.of(2024, 1, 1),
          3618,
          20,
          new BigDecimal("13.9344"),
          "EUR");

  @Test
  void sameSeedGivesEqualDataAndAnotherSeedDifferentData() {
    SandboxData again = SandboxData.of(42, 40);
    SandboxData other = SandboxData.of(43, 40);

    assertThat(again.campaigns()).isEqualTo(DATA.campaigns());
    assertThat(other.campaigns()).isNotEqualTo(DATA.campaigns());
    Campaign campaign = DATA.campaigns().get(0);
    assertThat(again.insights(campaign, JANUARY_FIRST, JANUARY_FIRST.plusDays(6)))
        .isEqualTo(DATA.insights(campaign, JANUARY_FIRST, JANUARY_FIRST.plusDays(6)));
  }

  @Test
  void campaignsHaveDigitIdsInOrderAndNumberedNames() {
    List<Campaign> campaigns = DATA.campaigns();

    assertThat(campaigns).hasSize(40);
    assertThat(campaigns.get(0).id()).isEqualTo("1200000000001");
    assertThat(campaigns.get(39).id()).isEqualTo("1200000000040");
    assertThat(campaigns.get(8).name()).startsWith("Campaign 09 - ");
    assertThat(campaigns).allSatisfy(campaign -> {
      assertThat(campaign.id()).matches("\\d+");
      assertThat(campaign.status()).isIn("ACTIVE", "PAUSED");
      assertThat(campaign.objective()).startsWith("OUTCOME_");
      assertThat(campaign.dailyBudget().scale()).isEqualTo(2);
      assertThat(campaign.dailyBudget())
          .isBetween(new BigDecimal("20.00"), new BigDecimal("500.00"));
    });
    assertThat(campaigns.stream().map(Campaign::status).distinct()).hasSize(2);
  }

  @Test
  void aCampaignIsTheSameWhateverTheNumberOfCampaigns() {
    SandboxData fewer = SandboxData.of(42, 3);

    assertThat(fewer.campaigns()).isEqualTo(DATA.campaigns().subList(0, 3));
    assertThat(fewer.ads(fewer.campaigns().get(2))).isEqualTo(DATA.ads(DATA.campaigns().get(2)));
  }

  @Test
  void everyCampaignHasOneToEightAdsAndCountsVary() {
    Set<Integer> counts =
        DATA.campaigns().stream()
            .map(campaign -> DATA.ads(campaign).size())
            .collect(Collectors.toSet());

    assertThat(counts).allSatisfy(count -> assertThat(count).isBetween(1, 8));
    assertThat(counts.size()).isGreaterThan(3);
    Campaign first = DATA.campaigns().get(0);
    assertThat(DATA.ads(first)).allSatisfy(ad -> assertThat(ad.campaignId()).isEqualTo(first.id()));
    assertThat(DATA.ads(first).get(0).id()).isEqualTo("1300000000101");
  }

  @Test
  void insightRowsAreOnePerAdPerDayOrderedByDateThenAd() {
    Campaign campaign = DATA.campaigns().get(4);
    List<Ad> ads = DATA.ads(campaign);

    List<AdInsight> rows = DATA.insights(campaign, JANUARY_FIRST, JANUARY_FIRST.plusDays(2));

    assertThat(rows).hasSize(ads.size() * 3);
    for (int index = 0; index < rows.size(); index++) {
      AdInsight row = rows.get(index);
      assertThat(row.date()).isEqualTo(JANUARY_FIRST.plusDays(index / ads.size()));
      assertThat(row.adId()).isEqualTo(ads.get(index % ads.size()).id());
      assertThat(row).isEqualTo(DATA.insight(ads.get(index % ads.size()), row.date()));
    }
  }

  @Test
  void anAdsDayDoesNotDependOnTheRangeAskedFor() {
    Campaign campaign = DATA.campaigns().get(1);
    Ad lastAd = DATA.ads(campaign).get(DATA.ads(campaign).size() - 1);
    LocalDate day = LocalDate.of(2024, 3, 15);

    List<AdInsight> wide = DATA.insights(campaign, day.minusDays(10), day.plusDays(10));

    assertThat(wide).contains(DATA.insight(lastAd, day));
  }

  @Test
  void leadsOfADayDoNotDependOnTheRangeAskedForAndEachHasItsOwnEmail() {
    SandboxData data = SandboxData.of(42, 12);
    java.time.LocalDate since = java.time.LocalDate.of(2024, 1, 1);
    List<Lead> week = data.leads(since, since.plusDays(6));
    List<Lead> third = data.leads(since.plusDays(2), since.plusDays(2));

    assertThat(third).isNotEmpty().hasSizeLessThanOrEqualTo(SandboxData.MAX_LEADS_PER_DAY);
    assertThat(week).containsSubsequence(third);
    assertThat(week).hasSizeBetween(7 * SandboxData.MIN_LEADS_PER_DAY,
        7 * SandboxData.MAX_LEADS_PER_DAY);
    assertThat(week.stream().map(Lead::id).distinct()).hasSize(week.size());
    assertThat(week.stream().map(Lead::email).distinct()).hasSize(week.size());
    assertThat(week).isSortedAccordingTo(java.util.Comparator.comparing(Lead::createdTime));
    assertThat(week).allSatisfy(lead -> {
      assertThat(lead.email()).matches("[a-z]+\\.[a-z]+[0-9]+@example\\.(com|org|net)");
      assertThat(lead.phoneNumber()).matches("\\+33 6 99 [0-9]{2} [0-9]{2} [0-9]{2}");
      assertThat(data.campaign(lead.campaignId()).map(data::ads).orElseThrow())
          .anySatisfy(ad -> assertThat(ad.id()).isEqualTo(lead.adId()));
    });
    assertThat(SandboxData.of(43, 12).leads(since, since.plusDays(6))).isNotEqualTo(week);
  }

  @Test
  void metricsArePlausible() {
    for (Campaign campaign : DATA.campaigns()) {
      for (AdInsight row : DATA.insights(campaign, JANUARY_FIRST, JANUARY_FIRST.plusDays(13))) {
        assertThat(row.impressions()).isPositive();
        assertThat(row.clicks()).isBetween(0L, row.impressions());
        assertThat(row.spend().scale()).isEqualTo(4);
        assertThat(row.spend().signum()).isNotNegative();
        assertThat(row.currency()).isEqualTo("EUR");
      }
    }
    List<AdInsight> oneAd =
        DATA.insights(DATA.campaigns().get(0), JANUARY_FIRST, JANUARY_FIRST.plusDays(13));
    assertThat(oneAd.stream().map(AdInsight::impressions).distinct().count()).isGreaterThan(5);
  }

  @Test
  void seed42IsPinnedBecauseFixturesElsewhereDependOnIt() {
    Campaign first = DATA.campaigns().get(0);
    AdInsight day = DATA.insight(DATA.ads(first).get(0), JANUARY_FIRST);

    assertThat(first).isEqualTo(PINNED_FIRST_CAMPAIGN);
    assertThat(day).isEqualTo(PINNED_FIRST_INSIGHT);
  }

  @Test
  void unknownCampaignsAndAdsAreRejected() {
    Campaign stranger = SandboxData.of(42, 41).campaigns().get(40);
    Ad foreignAd = new Ad("1300000000199", "1200000000001", "Ad 99 - Video");

    assertThat(DATA.campaign("1200000000041")).isEmpty();
    assertThat(DATA.campaign("01200000000001")).isEmpty();
    assertThat(DATA.campaign("abc")).isEmpty();
    assertThat(DATA.campaign("1200000000040")).contains(DATA.campaigns().get(39));
    assertThatThrownBy(() -> DATA.ads(stranger))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1200000000041");
    assertThatThrownBy(() -> DATA.insight(foreignAd, JANUARY_FIRST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1300000000199");
    Campaign first = DATA.campaigns().get(0);
    assertThatThrownBy(() -> DATA.insights(first, JANUARY_FIRST, JANUARY_FIRST.minusDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("until is before since");
  }

}

package io.dif.sandbox;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The synthetic data a {@link SandboxServer} serves, computed from a seed. Tests in other modules
 * use it to compute the values they expect after extraction, transformation and load.
 *
 * <p>Each value is a function of the seed and its own key only: campaign {@code n} is the same
 * whatever the number of campaigns, and an ad's day is the same whatever date range is asked for.
 */
public final class SandboxData {

  /** Currency of the sandbox ad account. */
  public static final String CURRENCY = "EUR";

  /** The one lead form of the sandbox account: {@code GET /v1/{LEAD_FORM_ID}/leads}. */
  public static final String LEAD_FORM_ID = "1400000000001";

  static final int MAX_ADS_PER_CAMPAIGN = 8;
  static final int MIN_LEADS_PER_DAY = 3;
  static final int MAX_LEADS_PER_DAY = 8;

  private static final long CAMPAIGN_ID_BASE = 1_200_000_000_000L;
  private static final long AD_ID_BASE = 1_300_000_000_000L;
  private static final Instant FIRST_CREATED_TIME = Instant.parse("2023-01-01T00:00:00Z");
  private static final long LEAD_ID_BASE = 1_500_000_000_000L;
  private static final String[] FIRST_NAMES = {
    "Camille", "Lucas", "Léa", "Hugo", "Chloé", "Louis", "Manon", "Jules", "Inès", "Noah",
    "Sarah", "Arthur", "Emma", "Gabriel", "Zoé", "Adam"
  };
  private static final String[] LAST_NAMES = {
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Fournier"
  };
  private static final String[] EMAIL_DOMAINS = {"example.com", "example.org", "example.net"};
  private static final String[] AD_FORMATS = {
    "Single Image", "Carousel", "Video", "Collection", "Stories", "Reels"
  };

  private final long seed;
  private final List<Campaign> campaigns;

  private SandboxData(long seed, int campaignCount) {
    this.seed = seed;
    this.campaigns =
        IntStream.rangeClosed(1, campaignCount).mapToObj(this::generateCampaign).toList();
  }

  /** The data of a server started with these settings. */
  public static SandboxData of(SandboxSettings settings) {
    return new SandboxData(settings.seed(), settings.campaigns());
  }

  /** The data of a server started with this seed and number of campaigns. */
  public static SandboxData of(long seed, int campaigns) {
    return of(SandboxSettings.defaults().withSeed(seed).withCampaigns(campaigns));
  }

  public long seed() {
    return seed;
  }

  /** All campaigns, ordered by id, as {@code GET /v1/campaigns} pages through them. */
  public List<Campaign> campaigns() {
    return campaigns;
  }

  public Optional<Campaign> campaign(String campaignId) {
    return campaignNumber(campaignId).map(number -> campaigns.get(number - 1));
  }

  /** The ads of a campaign (1 to 8), ordered by id. */
  public List<Ad> ads(Campaign campaign) {
    int campaignNumber = requireKnown(campaign);
    int adCount =
        1 + SeededRandoms.forKey(seed, "ads", campaignNumber).nextInt(MAX_ADS_PER_CAMPAIGN);
    List<Ad> ads = new ArrayList<>(adCount);
    for (int adNumber = 1; adNumber <= adCount; adNumber++) {
      ads.add(generateAd(campaign, campaignNumber, adNumber));
    }
    return List.copyOf(ads);
  }

  /** One day of one ad of this data. */
  public AdInsight insight(Ad ad, LocalDate date) {
    Objects.requireNonNull(date, "date");
    Campaign campaign =
        campaign(ad.campaignId())
            .orElseThrow(() -> unknown("ad", ad.id() + " of campaign " + ad.campaignId()));
    if (!ads(campaign).contains(ad)) {
      throw unknown("ad", ad.id() + " of campaign " + ad.campaignId());
    }
    return generateInsight(ad, date);
  }

  /**
   * The insight rows of a campaign from {@code since} to {@code until} inclusive, one per ad per
   * day, ordered by date then ad id: exactly the rows the insights endpoint pages through.
   */
  public List<AdInsight> insights(Campaign campaign, LocalDate since, LocalDate until) {
    List<Ad> ads = ads(campaign);
    long days = dayCount(since, until);
    List<AdInsight> rows = new ArrayList<>();
    for (long index = 0; index < days * ads.size(); index++) {
      rows.add(insightAt(ads, since, index));
    }
    return rows;
  }

  /**
   * The leads of the sandbox's lead form created from {@code since} to {@code until} inclusive
   * (UTC days), ordered by creation time: exactly the rows {@code /{form_id}/leads} pages
   * through. Each day has {@value #MIN_LEADS_PER_DAY} to {@value #MAX_LEADS_PER_DAY} leads, a function of the seed and the
   * day only; every lead has its own email address.
   */
  public List<Lead> leads(LocalDate since, LocalDate until) {
    long days = dayCount(since, until);
    List<Lead> leads = new ArrayList<>();
    for (long day = 0; day < days; day++) {
      leads.addAll(leadsOf(since.plusDays(day)));
    }
    return List.copyOf(leads);
  }

  private List<Lead> leadsOf(LocalDate date) {
    SplittableRandom day = SeededRandoms.forKey(seed, "leads", date.toEpochDay());
    int count = MIN_LEADS_PER_DAY + day.nextInt(MAX_LEADS_PER_DAY - MIN_LEADS_PER_DAY + 1);
    List<Ad> ads = leadAds();
    // distinct seconds of the day, ascending: leads come in creation order
    long[] seconds = day.longs(count, 0, 86_400).sorted().toArray();
    List<Lead> leads = new ArrayList<>(count);
    for (int number = 1; number <= count; number++) {
      long id = LEAD_ID_BASE + date.toEpochDay() * 100 + number;
      SplittableRandom person = SeededRandoms.forKey(seed, "lead", id);
      String first = FIRST_NAMES[person.nextInt(FIRST_NAMES.length)];
      String last = LAST_NAMES[person.nextInt(LAST_NAMES.length)];
      String email = ascii(first) + "." + ascii(last) + (id % 100_000) + "@"
          + EMAIL_DOMAINS[person.nextInt(EMAIL_DOMAINS.length)];
      String phone = String.format("+33 6 99 %02d %02d %02d", person.nextInt(100),
          person.nextInt(100), person.nextInt(100));
      Ad ad = ads.get(person.nextInt(ads.size()));
      leads.add(new Lead(Long.toString(id),
          date.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
              .plusSeconds(seconds[number - 1]),
          ad.id(), ad.campaignId(), LEAD_FORM_ID, first + " " + last, email, phone));
    }
    return leads;
  }

  /** The ads that show the lead form: those of lead-generation campaigns, else of all. */
  private List<Ad> leadAds() {
    List<Campaign> forLeads = campaigns.stream()
        .filter(campaign -> campaign.objective().equals("OUTCOME_LEADS")).toList();
    List<Ad> ads = new ArrayList<>();
    (forLeads.isEmpty() ? campaigns : forLeads).forEach(campaign -> ads.addAll(ads(campaign)));
    return ads;
  }

  private static String ascii(String name) {
    return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "").toLowerCase(java.util.Locale.ROOT);
  }

  /** Number of days from {@code since} to {@code until} inclusive. */
  static long dayCount(LocalDate since, LocalDate until) {
    if (until.isBefore(since)) {
      throw new IllegalArgumentException(
          "Cannot compute insights: until is before since: " + until + " < " + since);
    }
    return ChronoUnit.DAYS.between(since, until) + 1;
  }

  /** Row {@code index} of the rows ordered by date then ad id, without computing the others. */
  AdInsight insightAt(List<Ad> ads, LocalDate since, long index) {
    LocalDate date = since.plusDays(index / ads.size());
    Ad ad = ads.get((int) (index % ads.size()));
    return generateInsight(ad, date);
  }

  private Campaign generateCampaign(int number) {
    SplittableRandom random = SeededRandoms.forKey(seed, "campaign", number);
    // Themes take turns, so that even a few campaigns show a varied account.
    int themeOffset = SeededRandoms.forKey(seed, "theme-offset").nextInt(Theme.values().length);
    Theme theme = Theme.values()[(number - 1 + themeOffset) % Theme.values().length];
    String status = random.nextInt(4) == 0 ? "PAUSED" : "ACTIVE";
    BigDecimal dailyBudget = BigDecimal.valueOf(2_000 + 500L * random.nextInt(97), 2);
    Instant createdTime =
        FIRST_CREATED_TIME
            .plus(random.nextInt(365), ChronoUnit.DAYS)
            .plus(15L * random.nextInt(24 * 4), ChronoUnit.MINUTES);
    return new Campaign(
        Long.toString(CAMPAIGN_ID_BASE + number),
        String.format("Campaign %02d - %s", number, theme.label),
        status,
        theme.objective,
        dailyBudget,
        createdTime);
  }

  private Ad generateAd(Campaign campaign, int campaignNumber, int adNumber) {
    SplittableRandom random = SeededRandoms.forKey(seed, "ad", campaignNumber, adNumber);
    String format = AD_FORMATS[random.nextInt(AD_FORMATS.length)];
    return new Ad(
        Long.toString(AD_ID_BASE + 100L * campaignNumber + adNumber),
        campaign.id(),
        String.format("Ad %02d - %s", adNumber, format));
  }

  private AdInsight generateInsight(Ad ad, LocalDate date) {
    // The ad's profile (reach, click-through rate, price) is fixed; each day varies around it.
    SplittableRandom profile = SeededRandoms.forKey(seed, "ad-profile", Long.parseLong(ad.id()));
    // StrictMath: Math.exp and Math.log may differ in the last bit between JVMs and CPUs.
    double baseImpressions =
        StrictMath.exp(profile.nextDouble(StrictMath.log(300), StrictMath.log(20_000)));
    double clickThroughRate = profile.nextDouble(0.004, 0.03);
    long costPerMilleTenThousandths = profile.nextLong(30_000, 140_001);

    SplittableRandom day =
        SeededRandoms.forKey(seed, "ad-day", Long.parseLong(ad.id()), date.toEpochDay());
    double weekday = isWeekend(date) ? 0.8 : 1.0;
    long impressions = Math.round(baseImpressions * weekday * day.nextDouble(0.6, 1.4));
    long clicks = Math.round(impressions * clickThroughRate * day.nextDouble(0.7, 1.3));
    clicks = Math.min(clicks, impressions);
    long priceNoisePerMille = day.nextLong(900, 1_101);
    // Integer arithmetic rounding half up, so that spend never depends on how doubles print.
    long spendTenThousandths =
        (impressions * costPerMilleTenThousandths * priceNoisePerMille + 500_000) / 1_000_000;
    return new AdInsight(
        ad.campaignId(),
        ad.id(),
        ad.name(),
        date,
        impressions,
        clicks,
        BigDecimal.valueOf(spendTenThousandths, 4),
        CURRENCY);
  }

  private static boolean isWeekend(LocalDate date) {
    return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  private Optional<Integer> campaignNumber(String campaignId) {
    if (campaignId == null || campaignId.isEmpty() || campaignId.length() > 18
        || !campaignId.chars().allMatch(character -> character >= '0' && character <= '9')) {
      return Optional.empty();
    }
    long number = Long.parseLong(campaignId) - CAMPAIGN_ID_BASE;
    if (number < 1 || number > campaigns.size()
        || !campaigns.get((int) number - 1).id().equals(campaignId)) {
      return Optional.empty();
    }
    return Optional.of((int) number);
  }

  private int requireKnown(Campaign campaign) {
    return campaignNumber(campaign.id())
        .filter(number -> campaigns.get(number - 1).equals(campaign))
        .orElseThrow(() -> unknown("campaign", campaign.id()));
  }

  private IllegalArgumentException unknown(String kind, String id) {
    return new IllegalArgumentException(
        "Cannot find " + kind + " in sandbox data of seed " + seed + " with "
            + campaigns.size() + " campaigns: " + id);
  }

  /** A campaign's theme gives its name and its objective, so that the two agree. */
  private enum Theme {
    PROSPECTING("Prospecting", "OUTCOME_SALES"),
    RETARGETING("Retargeting", "OUTCOME_SALES"),
    CATALOG_SALES("Catalog Sales", "OUTCOME_SALES"),
    BRAND_AWARENESS("Brand Awareness", "OUTCOME_AWARENESS"),
    LOOKALIKE("Lookalike Audiences", "OUTCOME_TRAFFIC"),
    LEAD_GENERATION("Lead Generation", "OUTCOME_LEADS"),
    ENGAGEMENT("Engagement", "OUTCOME_ENGAGEMENT"),
    APP_INSTALLS("App Installs", "OUTCOME_APP_PROMOTION");

    private final String label;
    private final String objective;

    Theme(String label, String objective) {
      this.label = label;
      this.objective = objective;
    }
  }
}

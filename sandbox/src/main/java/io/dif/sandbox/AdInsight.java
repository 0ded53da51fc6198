package io.dif.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One day of one ad, as a row of {@code GET /v1/campaigns/{id}/insights} serves it (where
 * {@code date_start} and {@code date_stop} are both {@code date} and numbers are JSON strings).
 *
 * @param spend in {@code currency}, scale 4 (served as {@code "78.9100"})
 */
public record AdInsight(
    String campaignId,
    String adId,
    String adName,
    LocalDate date,
    long impressions,
    long clicks,
    BigDecimal spend,
    String currency) {}

package io.dif.sandbox;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A sandbox campaign, as {@code GET /v1/campaigns} serves it.
 *
 * @param id digits, e.g. {@code 1200000000001}
 * @param name e.g. {@code Campaign 01 - Prospecting}
 * @param status {@code ACTIVE} or {@code PAUSED}
 * @param objective a Meta objective such as {@code OUTCOME_SALES}
 * @param dailyBudget in the account currency, scale 2 (served as {@code "150.00"})
 * @param createdTime served as {@code 2023-11-02T10:15:00+0000}
 */
public record Campaign(
    String id,
    String name,
    String status,
    String objective,
    BigDecimal dailyBudget,
    Instant createdTime) {}

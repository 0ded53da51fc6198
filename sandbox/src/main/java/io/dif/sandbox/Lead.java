package io.dif.sandbox;

import java.time.Instant;

/**
 * A sandbox lead: one person's answers to the lead form of a lead-ad, as Meta's
 * {@code GET /{form_id}/leads} serves it (synthetic people: names from short lists, emails at
 * example.com/example.org, phone numbers in the fictional +33 6 99 range).
 *
 * @param id digits, e.g. {@code 1500000197201}
 * @param createdTime when the form was sent, served as {@code 2024-01-01T10:15:00+0000}
 * @param adId the ad that showed the form
 * @param campaignId the ad's campaign
 * @param formId the lead form
 * @param fullName answer to the {@code full_name} question
 * @param email answer to the {@code email} question
 * @param phoneNumber answer to the {@code phone_number} question
 */
public record Lead(
    String id,
    Instant createdTime,
    String adId,
    String campaignId,
    String formId,
    String fullName,
    String email,
    String phoneNumber) {}

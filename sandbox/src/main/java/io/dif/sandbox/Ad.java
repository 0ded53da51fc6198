package io.dif.sandbox;

/**
 * A sandbox ad; every campaign has 1 to 8 of them.
 *
 * @param id digits, e.g. {@code 1300000000101}
 * @param campaignId id of the campaign the ad belongs to
 * @param name e.g. {@code Ad 01 - Carousel}
 */
public record Ad(String id, String campaignId, String name) {}

package io.dif.sandbox;

/**
 * What a {@link SandboxServer} has answered since it started.
 *
 * @param requestsServed every request answered, whatever its status (429 and errors included)
 * @param requestsThrottled requests answered 429 because of the rate limit
 * @param campaignRequests requests to {@code /v1/campaigns}, whatever their status
 * @param insightRequests requests to {@code /v1/campaigns/{id}/insights}, whatever their status
 * @param otherRequests requests to any other path
 * @param leadRequests requests to {@code /v1/{form_id}/leads}, whatever their status
 */
public record SandboxStats(
    long requestsServed,
    long requestsThrottled,
    long campaignRequests,
    long insightRequests,
    long otherRequests,
    long leadRequests) {}

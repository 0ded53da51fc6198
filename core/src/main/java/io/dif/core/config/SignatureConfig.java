package io.dif.core.config;

import java.time.Duration;

/**
 * Webhook signatures as the Standard Webhooks specification describes them: {@code v1,} and the
 * base64 HMAC-SHA256 of {@code id.timestamp.body} under a shared secret.
 */
public record SignatureConfig(
    @ConfigField(description = "Name of the signing secret in the credential store (not the"
        + " value): the secret as the sender shows it, whsec_ and base64, or plain text.",
        required = true, pattern = Names.IDENTIFIER)
    String secret,
    @ConfigField(description = "Largest difference allowed between webhook-timestamp and the"
        + " server's clock, an ISO-8601 duration.", defaultValue = "PT5M")
    Duration tolerance) {}

package io.dif.core.config;

import java.util.Optional;

/**
 * A source that clients push to through {@code dif serve} instead of DIF pulling it: events
 * posted as JSON, and files uploaded by pre-signed URL. Its streams need no request.
 */
public record PushConfig(
    @ConfigField(description = "Stream that events posted to POST"
        + " /v1/clients/{client}/sources/{source}/events land in, as pages that are JSON arrays"
        + " of the events (the stream's records is \"\"). No events endpoint when left out.",
        pattern = Names.IDENTIFIER)
    Optional<String> events,
    @ConfigField(description = "Stream that files uploaded by pre-signed URL (POST"
        + " .../uploads) land in, one raw document per file, in the stream's format (csv, json,"
        + " json_lines or xml; a gzip or zip file is detected and kept as it is). No uploads"
        + " when left out.", pattern = Names.IDENTIFIER)
    Optional<String> uploads,
    @ConfigField(description = "Require Standard Webhooks signatures (webhook-id,"
        + " webhook-timestamp, webhook-signature) on posted events. Not checked when left out.")
    Optional<SignatureConfig> signature,
    @ConfigField(description = "Limits of each API key of this source.")
    PushLimitsConfig limits) {}

package io.dif.core.config;

import java.util.Optional;

/**
 * How a personal-data column is anonymized. No raw value of such a column reaches curated or
 * quarantine data: quarantined records keep the column's field anonymized the same way (or
 * removed), and quarantine reasons never quote its value.
 */
public record AnonymizeConfig(
    @ConfigField(description = "hmac_sha256 (keyed hash, hex), mask, drop (always null) or"
        + " generalize.", required = true)
    AnonymizeMethod method,
    @ConfigField(description = "Name of the credential holding the HMAC key (client"
        + " credential store), for hmac_sha256.", defaultValue = "pii_hmac_key",
        pattern = Names.IDENTIFIER)
    String key,
    @ConfigField(description = "For generalize: month (dates and timestamps), ip_24 (IPv4 /24,"
        + " IPv6 /48) or truncate (the first length characters).")
    Optional<Generalization> generalize,
    @ConfigField(description = "Characters kept by generalize: truncate.", defaultValue = "0",
        min = 0)
    int length,
    @ConfigField(description = "Last characters left unmasked by mask.", defaultValue = "0",
        min = 0)
    int keepLast) {}

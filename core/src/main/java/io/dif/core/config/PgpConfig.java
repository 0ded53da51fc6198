package io.dif.core.config;

import java.util.Optional;

/** OpenPGP decryption of downloaded files: the key and passphrase live in the credential store. */
public record PgpConfig(
    @ConfigField(description = "Name of the credential that holds the OpenPGP secret key"
        + " (ASCII-armored), in the credential store, not the value.", required = true,
        pattern = Names.IDENTIFIER)
    String privateKeyCredential,
    @ConfigField(description = "Name of the credential that holds the secret key's passphrase.",
        pattern = Names.IDENTIFIER)
    Optional<String> passphraseCredential) {}

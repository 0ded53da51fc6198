package io.dif.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A client's SFTP server: where it is, the host key it must show, and how to log in (a password
 * or a private key, both kept in the credential store; only their names are here).
 */
public record SftpSourceConfig(
    @ConfigField(description = "Host name or address of the SFTP server.", required = true,
        pattern = "[A-Za-z0-9.:\\-\\[\\]]+")
    String host,
    @ConfigField(description = "Port of the SFTP server.", defaultValue = "22", min = 1,
        max = 65535)
    int port,
    @ConfigField(description = "User name to log in as (not a secret).", required = true)
    String user,
    @ConfigField(description = "Name of the credential that holds the password (in the"
        + " credential store, not the value). Give password_credential or"
        + " private_key_credential.", pattern = Names.IDENTIFIER)
    Optional<String> passwordCredential,
    @ConfigField(description = "Name of the credential that holds the private key, in OpenSSH or"
        + " PEM form (in the credential store, not the value).", pattern = Names.IDENTIFIER)
    Optional<String> privateKeyCredential,
    @ConfigField(description = "Name of the credential that holds the private key's passphrase,"
        + " for an encrypted key.", pattern = Names.IDENTIFIER)
    Optional<String> privateKeyPassphraseCredential,
    @ConfigField(description = "Fingerprint of the server's host key as ssh-keygen -l prints it"
        + " (SHA256:...); a server showing another key is refused.", required = true,
        pattern = "SHA256:[A-Za-z0-9+/]{43}=?")
    String hostKey,
    @ConfigField(description = "Longest wait to connect and log in, an ISO-8601 duration.",
        defaultValue = "PT30S")
    Duration connectTimeout) {}

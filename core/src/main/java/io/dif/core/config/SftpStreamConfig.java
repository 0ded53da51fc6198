package io.dif.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Files of one remote folder matching a glob. Each file not landed before (same path, size and
 * modification time) and stable (unchanged across two listings {@code stable_after} apart)
 * lands as one raw document, decrypted on the way when {@code decrypt} is given.
 */
public record SftpStreamConfig(
    @ConfigField(description = "Remote folder to list (not its subfolders).", required = true,
        pattern = "/.*")
    String folder,
    @ConfigField(description = "Glob the file names must match, e.g. orders_*.csv.gz.",
        defaultValue = "*")
    String glob,
    @ConfigField(description = "Time between the two listings a file must show the same size"
        + " and modification time in before it is downloaded (a file still being written is"
        + " left for a later run), an ISO-8601 duration.", defaultValue = "PT10S")
    Duration stableAfter,
    @ConfigField(description = "Decrypt the files with OpenPGP while downloading them.")
    Optional<PgpConfig> decrypt) {}

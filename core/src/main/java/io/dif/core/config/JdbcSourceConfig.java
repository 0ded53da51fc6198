package io.dif.core.config;

import java.time.Duration;

/**
 * A client's database read over JDBC: its URL (no credentials in it), and the names of the
 * credentials that hold the user and the password. Every read is a read-only transaction.
 */
public record JdbcSourceConfig(
    @ConfigField(description = "The database: postgres or mysql.", required = true)
    JdbcDriver driver,
    @ConfigField(description = "JDBC URL of the database, without user or password (those come"
        + " from the credential store), e.g. jdbc:postgresql://db.example.com:5432/shop.",
        required = true, pattern = "jdbc:(postgresql|mysql)://[^?;]+(\\?.*)?")
    String url,
    @ConfigField(description = "Name of the credential (in the credential store, not the value)"
        + " that holds the database user.", required = true, pattern = Names.IDENTIFIER)
    String userCredential,
    @ConfigField(description = "Name of the credential (in the credential store, not the value)"
        + " that holds the database password.", required = true, pattern = Names.IDENTIFIER)
    String passwordCredential,
    @ConfigField(description = "Longest wait for a connection, an ISO-8601 duration.",
        defaultValue = "PT30S")
    Duration connectTimeout,
    @ConfigField(description = "Longest time one page's query may run, an ISO-8601 duration.",
        defaultValue = "PT30M")
    Duration queryTimeout) {}

package io.dif.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** jdbc and sftp sources: no HTTP keys, each stream says what it reads in its kind's block. */
class JdbcSftpConfigRulesTest {
  private static final String CLIENT = """
      version: 1
      client: acme
      sources:
        src:
      %s
      """;

  private static ClientConfig load(String source) {
    return new ClientConfigLoader().parse("acme.yaml", CLIENT.formatted(source.indent(4)));
  }

  private static List<String> problems(String source) {
    return catchThrowableOfType(() -> load(source), InvalidConfigException.class)
        .problems().stream().map(p -> p.path() + " " + p.rule()).toList();
  }

  @Test
  void aJdbcSourceTakesDefaultsAndLandsJsonLines() {
    SourceConfig source = load("""
        jdbc:
          driver: postgres
          url: jdbc:postgresql://db:5432/shop
          user_credential: db_user
          password_credential: db_password
        streams:
          orders:
            jdbc: { table: public.orders, watermark: updated_at, key: id }""")
        .sources().get("src");
    JdbcStreamConfig orders = source.streams().get("orders").jdbc().orElseThrow();
    assertThat(orders.fetchSize()).isEqualTo(1000);
    assertThat(orders.pageSize()).isEqualTo(50000);
    assertThat(orders.lookback()).isEqualTo(Duration.ZERO);
    assertThat(source.streams().get("orders").landedFormat()).isEqualTo(DataFormat.JSON_LINES);
    assertThat(source.jdbc().orElseThrow().driver()).isEqualTo(JdbcDriver.POSTGRES);
  }

  @Test
  void jdbcStreamsNeedTableOrQueryAndNoHttpKeys() {
    assertThat(problems("""
        base_url: https://example.com
        jdbc:
          driver: mysql
          url: jdbc:mysql://db/shop
          user_credential: db_user
          password_credential: db_password
        streams:
          both:
            jdbc: { table: orders, query: "SELECT 1", watermark: id, key: id, lookback: -PT1H }
          neither:
            request: { path: /x }
            jdbc: { watermark: id, fetch_size: 10, page_size: 5 }
            format: csv
          missing: { records: "" }""")).containsExactlyInAnyOrder(
        "sources.src.base_url is not for a jdbc source: it is not read over HTTP",
        "sources.src.streams.both.jdbc.table give table or query (one of them)",
        "sources.src.streams.both.jdbc.lookback must not be negative",
        "sources.src.streams.both.jdbc.key is the watermark column: leave key out when the"
            + " watermark is unique",
        "sources.src.streams.neither.request is not for the streams of a jdbc source",
        "sources.src.streams.neither.jdbc.table give table or query (one of them)",
        "sources.src.streams.neither.jdbc.fetch_size must not exceed page_size 5",
        "sources.src.streams.neither.format a jdbc stream lands json_lines (one row a line)",
        "sources.src.streams.missing.jdbc is required: the table or query of a stream of a jdbc"
            + " source");
  }

  @Test
  void anSftpSourceLogsInOneWayAndItsStreamsNameFolders() {
    SourceConfig source = load("""
        sftp:
          host: sftp.example.com
          user: dif
          password_credential: sftp_password
          host_key: SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8
        streams:
          orders:
            sftp: { folder: /out, glob: "*.csv", decrypt: { private_key_credential: pgp } }
            format: csv""").sources().get("src");
    assertThat(source.sftp().orElseThrow().port()).isEqualTo(22);
    SftpStreamConfig orders = source.streams().get("orders").sftp().orElseThrow();
    assertThat(orders.stableAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(orders.decrypt().orElseThrow().passphraseCredential()).isEmpty();

    assertThat(problems("""
        sftp:
          host: sftp.example.com
          user: dif
          password_credential: sftp_password
          private_key_credential: sftp_key
          host_key: "ssh-ed25519 AAAA"
        streams:
          orders:
            sftp: { folder: out, glob: "a/*.csv" }
          other:
            jdbc: { table: t, watermark: id }""")).containsExactlyInAnyOrder(
        "sources.src.sftp.host_key must match SHA256:[A-Za-z0-9+/]{43}=?",
        "sources.src.sftp.password_credential give password_credential or"
            + " private_key_credential (one of them)",
        "sources.src.streams.orders.sftp.folder must match /.*",
        "sources.src.streams.orders.sftp.glob matches the file names in the folder, so it must"
            + " not hold '/'",
        "sources.src.streams.other.jdbc is not for the streams of an sftp source",
        "sources.src.streams.other.sftp is required: the folder and glob of a stream of an"
            + " sftp source");
  }

  @Test
  void httpStreamsTakeNoJdbcOrSftpBlock() {
    assertThat(problems("""
        base_url: https://example.com
        streams:
          orders:
            request: { path: /orders }
            jdbc: { table: t, watermark: id }""")).containsExactly(
        "sources.src.streams.orders.jdbc is only for the streams of a jdbc or sftp source");
  }
}

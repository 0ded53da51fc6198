package io.dif.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dif.core.apikey.ApiKey;
import io.dif.core.apikey.ApiKeyStore;
import io.dif.core.apikey.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every API key store backend must do. */
abstract class ApiKeyStoreContractTest {
  static final Instant START = Instant.parse("2024-03-02T06:00:00Z");
  static final byte[] HASHING = "hashing secret of the test".getBytes(StandardCharsets.UTF_8);

  /** A store under test; each call for the same test sees the same stored rows. */
  abstract ApiKeyStore store();

  private static ApiKey stored(ApiKeys.NewKey key, String client, String source, Instant at) {
    return new ApiKey(key.id(), client, source, ApiKeys.hash(HASHING, key.key()), at,
        Optional.empty(), Optional.empty());
  }

  @Test
  void aKeyIsFoundByItsIdAndMatchesOnlyItsOwnHash() {
    ApiKeys.NewKey key = ApiKeys.generate();
    store().create(stored(key, "acme", "hooks", START));

    ApiKey found = store().find(key.id()).orElseThrow();
    assertThat(found.client()).isEqualTo("acme");
    assertThat(found.source()).isEqualTo("hooks");
    assertThat(found.createdAt()).isEqualTo(START);
    assertThat(found.lastUsedAt()).isEmpty();
    assertThat(found.revoked()).isFalse();
    assertThat(found.hash()).doesNotContain(key.key()).hasSize(64);
    assertThat(ApiKeys.matches(HASHING, key.key(), found.hash())).isTrue();
    assertThat(ApiKeys.matches(HASHING, ApiKeys.generate().key(), found.hash())).isFalse();
    assertThat(ApiKeys.matches("other".getBytes(StandardCharsets.UTF_8), key.key(),
        found.hash())).isFalse();
    assertThat(store().find("nosuchkey000")).isEmpty();
  }

  @Test
  void anIdIsStoredOnce() {
    ApiKeys.NewKey key = ApiKeys.generate();
    store().create(stored(key, "acme", "hooks", START));
    assertThatThrownBy(() -> store().create(stored(key, "other", "hooks", START)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store().find(key.id()).orElseThrow().client()).isEqualTo("acme");
  }

  @Test
  void listingIsByClientAndRevokingKeepsTheFirstTime() {
    ApiKeys.NewKey first = ApiKeys.generate();
    ApiKeys.NewKey second = ApiKeys.generate();
    ApiKeys.NewKey other = ApiKeys.generate();
    store().create(stored(first, "acme", "hooks", START));
    store().create(stored(second, "acme", "hooks", START.plusSeconds(60)));
    store().create(stored(other, "beta", "hooks", START));

    assertThat(store().list(Optional.of("acme"))).extracting(ApiKey::id)
        .containsExactly(first.id(), second.id());
    assertThat(store().list(Optional.empty())).extracting(ApiKey::id)
        .containsExactly(first.id(), second.id(), other.id());

    assertThat(store().revoke(first.id(), START.plusSeconds(120))).isTrue();
    assertThat(store().revoke(first.id(), START.plusSeconds(999))).isTrue();
    assertThat(store().revoke("nosuchkey000", START)).isFalse();
    assertThat(store().find(first.id()).orElseThrow().revokedAt())
        .contains(START.plusSeconds(120));
    assertThat(store().find(second.id()).orElseThrow().revoked()).isFalse();
  }

  @Test
  void touchKeepsTheLatestUse() {
    ApiKeys.NewKey key = ApiKeys.generate();
    store().create(stored(key, "acme", "hooks", START));
    store().touch(key.id(), START.plus(Duration.ofMinutes(5)));
    store().touch(key.id(), START.plus(Duration.ofMinutes(2)));
    assertThat(store().find(key.id()).orElseThrow().lastUsedAt())
        .contains(START.plus(Duration.ofMinutes(5)));
    store().touch("nosuchkey000", START); // nothing to record, no failure
    assertThat(store().find("nosuchkey000")).isEmpty();
  }

  @Test
  void keysHaveARecognizableFormAndCarryTheirId() {
    ApiKeys.NewKey key = ApiKeys.generate();
    assertThat(key.key()).startsWith("difk_" + key.id() + "_").hasSize(5 + 12 + 1 + 43);
    assertThat(ApiKeys.idOf(key.key())).contains(key.id());
    assertThat(ApiKeys.idOf(" " + key.key() + "\n")).contains(key.id());
    assertThat(ApiKeys.idOf("difk_short_x")).isEmpty();
    assertThat(ApiKeys.idOf(null)).isEmpty();
    assertThat(ApiKeys.generate().key()).isNotEqualTo(key.key());
    assertThat(key.toString()).doesNotContain(key.key());
  }
}

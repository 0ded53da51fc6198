package io.dif.core.apikey;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The form of API keys: {@code difk_<id>_<secret>}, a recognizable prefix (secret scanners and
 * people spot it), a public id to find the stored hash, and 256 random bits. Only
 * HMAC-SHA256(hashing secret, key) is stored; keys are compared in constant time.
 */
public final class ApiKeys {
  public static final String PREFIX = "difk_";
  private static final Pattern FORM = Pattern.compile(
      "difk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private ApiKeys() {}

  /** A new key; the caller shows it once and stores only {@link #hash}. */
  public static NewKey generate() {
    StringBuilder id = new StringBuilder(12);
    for (int i = 0; i < 12; i++) {
      id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String key = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(secret);
    return new NewKey(id.toString(), key);
  }

  /** The id a key carries, or empty for text that is not a key of this form. */
  public static Optional<String> idOf(String key) {
    Matcher matcher = FORM.matcher(key == null ? "" : key.trim());
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** HMAC-SHA256 of the key under the hashing secret, as hex. */
  public static String hash(byte[] hashingSecret, String key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(hashingSecret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(key.trim().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** Whether {@code key} hashes to the stored hash, compared in constant time. */
  public static boolean matches(byte[] hashingSecret, String key, String storedHash) {
    return MessageDigest.isEqual(hash(hashingSecret, key).getBytes(StandardCharsets.US_ASCII),
        storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  /** A freshly generated key: its id and the key itself (shown once, never stored). */
  public record NewKey(String id, String key) {
    @Override
    public String toString() {
      return "NewKey[id=" + id + ", key=[hidden]]";
    }
  }
}

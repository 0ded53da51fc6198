package io.dif.ingest;

import io.dif.core.config.SignatureConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook signed as the Standard Webhooks specification says: {@code webhook-signature}
 * holds space-separated {@code v1,<base64 HMAC-SHA256>} signatures of
 * {@code <webhook-id>.<webhook-timestamp>.<body>}; the timestamp (Unix seconds) must be within
 * the tolerance of the server's clock. Signatures are compared in constant time; refusals say
 * what is wrong, never the secret or the expected signature.
 */
final class WebhookSignature {
  private static final String SECRET_PREFIX = "whsec_";

  private WebhookSignature() {}

  /** The signing key of a secret as senders show it: whsec_ and base64, or plain text. */
  static byte[] key(String secret) {
    if (secret.startsWith(SECRET_PREFIX)) {
      try {
        return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("the whsec_ secret is not base64");
      }
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The signature the sender puts in webhook-signature (also for tests and the bench). */
  static String sign(byte[] key, String id, long timestamp, byte[] body) {
    return "v1," + Base64.getEncoder().encodeToString(hmac(key, id, timestamp, body));
  }

  static void verify(SignatureConfig config, byte[] key, Optional<String> id,
      Optional<String> timestamp, Optional<String> signatures, byte[] body, Instant now) {
    String messageId = id.filter(v -> !v.isBlank()).orElseThrow(() -> refused(
        "no webhook-id header"));
    String sent = timestamp.filter(v -> !v.isBlank()).orElseThrow(() -> refused(
        "no webhook-timestamp header"));
    String header = signatures.filter(v -> !v.isBlank()).orElseThrow(() -> refused(
        "no webhook-signature header"));
    long seconds;
    try {
      seconds = Long.parseLong(sent.trim());
    } catch (NumberFormatException e) {
      throw refused("webhook-timestamp is not a number of seconds");
    }
    Duration skew = Duration.between(Instant.ofEpochSecond(seconds), now).abs();
    if (skew.compareTo(config.tolerance()) > 0) {
      throw refused("webhook-timestamp is " + skew.toSeconds() + " s away from the server's"
          + " clock (tolerance " + config.tolerance().toSeconds() + " s)");
    }
    byte[] expected = hmac(key, messageId, seconds, body);
    boolean anyV1 = false;
    for (String signature : header.trim().split(" +")) {
      int comma = signature.indexOf(',');
      if (comma < 0 || !signature.substring(0, comma).equals("v1")) {
        continue;
      }
      anyV1 = true;
      byte[] given;
      try {
        given = Base64.getDecoder().decode(signature.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) {
        return;
      }
    }
    throw refused(anyV1 ? "no v1 signature matches the body" : "webhook-signature holds no v1"
        + " signature");
  }

  private static byte[] hmac(byte[] key, String id, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static ApiError refused(String reason) {
    return new ApiError(401, "Cannot accept the webhook: " + reason);
  }
}

package io.dif.extract.http;

import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/** A URL safe to log and to store in manifests: credential-like query values are hidden. */
public final class RedactedUrl {
  private static final Set<String> SECRET_HINTS =
      Set.of("token", "key", "secret", "password", "signature", "sig", "auth", "code",
          "credential");

  private RedactedUrl() {}

  public static String of(HttpUrl url) {
    HttpUrl.Builder redacted = url.newBuilder().username("").password("");
    for (String name : url.queryParameterNames()) {
      if (looksSecret(name)) {
        redacted.setQueryParameter(name, "[hidden]");
      }
    }
    return redacted.build().toString();
  }

  static boolean looksSecret(String parameter) {
    String lower = parameter.toLowerCase(Locale.ROOT);
    return SECRET_HINTS.stream().anyMatch(lower::contains);
  }
}

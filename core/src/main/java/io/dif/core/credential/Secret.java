package io.dif.core.credential;

import java.util.Arrays;

/**
 * A secret value (token, key, password). It never prints itself: {@code toString} is
 * {@code [hidden]}, so a secret that reaches a log line or an error message shows nothing.
 * Code that needs the value calls {@link #reveal()} as late as possible.
 */
public final class Secret {
  private final char[] value;

  private Secret(char[] value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return new Secret(value.toCharArray());
  }

  /** The plain value; call it where the value is used, never to log or store it. */
  public String reveal() {
    return new String(value);
  }

  @Override
  public String toString() {
    return "[hidden]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && Arrays.equals(value, secret.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }
}

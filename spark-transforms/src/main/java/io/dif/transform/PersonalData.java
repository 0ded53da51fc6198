package io.dif.transform;

import io.dif.core.config.AnonymizeConfig;
import io.dif.core.config.AnonymizeMethod;
import io.dif.core.config.Generalization;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The anonymization of personal-data values, as plain Java run inside Spark functions: HMAC,
 * masking, IP networks. Serializable (it ships to executors with the keys it needs;
 * it never prints them).
 */
final class PersonalData implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern IPV4 = Pattern.compile(
      "(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]+");

  /** One personal-data field of the records: where it is and what becomes of it. */
  record Field(String source, AnonymizeMethod method, Generalization generalize, int length,
      int keepLast, byte[] key) implements Serializable {
    /** (config records are not serializable: the parts a field needs are copied) */
    static Field of(String source, AnonymizeConfig anonymize, byte[] key) {
      return new Field(source, anonymize.method(), anonymize.generalize().orElse(null),
          anonymize.length(), anonymize.keepLast(), key);
    }

    @Override
    public String toString() {
      return "Field[" + source + ", " + method + "]";
    }
  }

  private final List<Field> fields;

  PersonalData(List<Field> fields) {
    this.fields = List.copyOf(fields);
  }

  boolean isEmpty() {
    return fields.isEmpty();
  }

  @Override
  public String toString() {
    return "PersonalData" + fields;
  }

  /** HMAC-SHA256 of a value's UTF-8 bytes, lowercase hex; null for null. */
  static String hmac(byte[] key, String value) {
    if (value == null) {
      return null;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * The network of an IP address: an IPv4 address's /24 ({@code 192.0.2.0}), an IPv6
   * address's /48 ({@code 2001:db8:85a3::}); null for anything else, so no value that is not
   * an address passes through.
   */
  static String network(String value) {
    if (value == null) {
      return null;
    }
    String ip = value.trim();
    if (IPV4.matcher(ip).matches()) {
      return ip.substring(0, ip.lastIndexOf('.')) + ".0";
    }
    if (ip.contains(":") && IPV6.matcher(ip).matches()) {
      String[] head = ip.split("::", -1);
      if (head.length > 2) {
        return null;
      }
      String[] groups = head[0].isEmpty() ? new String[0] : head[0].split(":", -1);
      StringBuilder network = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        String group = i < groups.length ? groups[i] : "0";
        if (group.isEmpty() || group.length() > 4) {
          return null;
        }
        network.append(Integer.toHexString(Integer.parseInt(group, 16))).append(':');
      }
      return network.append(':').toString();
    }
    return null;
  }

  /** Every character but the last {@code keepLast} replaced by '*'. */
  static String mask(String value, int keepLast) {
    if (value == null) {
      return null;
    }
    int keep = Math.min(keepLast, value.length());
    return "*".repeat(value.length() - keep) + value.substring(value.length() - keep);
  }
}

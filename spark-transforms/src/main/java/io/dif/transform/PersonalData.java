package io.dif.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
 * masking, IP networks, and the scrubbing of the fields of personal-data columns inside a
 * quarantined record's JSON text. Serializable (it ships to executors with the keys it needs;
 * it never prints them).
 */
final class PersonalData implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
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

  /**
   * A quarantined record's text with the fields of personal-data columns anonymized (text
   * values: hmac_sha256, mask, ip_24, truncate) or removed (drop, month, and values that are
   * objects or arrays). A text that is not a JSON object (an unreadable page, an XML record)
   * cannot be scrubbed field by field and is not kept: null.
   */
  String scrub(String record) {
    if (record == null || fields.isEmpty()) {
      return record;
    }
    JsonNode root;
    try {
      root = JSON.readTree(record);
    } catch (Exception e) {
      return null;
    }
    if (!(root instanceof ObjectNode object)) {
      return null;
    }
    for (Field field : fields) {
      scrub(object, RecordSchemas.segments(field.source()), 0, field);
    }
    return root.toString();
  }

  private void scrub(ObjectNode node, List<RecordSchemas.Segment> path, int at, Field field) {
    RecordSchemas.Segment segment = path.get(at);
    JsonNode child = node.get(segment.field());
    if (child == null) {
      return;
    }
    if (at == path.size() - 1) {
      String anonymized = child.isValueNode() && !child.isNull()
          ? anonymize(child.asText().trim(), field) : null;
      if (anonymized == null) {
        node.remove(segment.field());
      } else {
        node.set(segment.field(), TextNode.valueOf(anonymized));
      }
      return;
    }
    if (segment.picksElement()) {
      if (child instanceof ArrayNode array) {
        // every element with the key value, not only the first: none keeps a raw value
        for (JsonNode element : array) {
          if (element instanceof ObjectNode object
              && element.path(segment.keyField()).asText().equals(segment.keyValue())) {
            scrub(object, path, at + 1, field);
          }
        }
      }
    } else if (child instanceof ObjectNode object) {
      scrub(object, path, at + 1, field);
    } else {
      node.remove(segment.field());
    }
  }

  /** The anonymized text of a value found in a record; null when it is removed. */
  private static String anonymize(String value, Field field) {
    return switch (field.method()) {
      case HMAC_SHA256 -> hmac(field.key(), value);
      case MASK -> mask(value, field.keepLast());
      case DROP -> null;
      case GENERALIZE -> field.generalize() == null ? null : switch (field.generalize()) {
        case IP_24 -> network(value);
        case TRUNCATE -> value.substring(0, Math.min(field.length(), value.length()));
        case MONTH -> null;
      };
    };
  }
}

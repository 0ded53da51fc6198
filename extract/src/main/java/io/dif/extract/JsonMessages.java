package io.dif.extract;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/**
 * Why a body is not JSON, without quoting it: Jackson's messages quote the raw input
 * ("Unrecognized token 'alice'"), which may be personal data and belongs in the raw zone only
 * (the transform's {@code RecordProblems} does the same for records).
 */
final class JsonMessages {
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

  private JsonMessages() {}

  /** The kind of problem, its quoted input replaced by {@code '…'}, and where it is. */
  static String describe(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    int colon = message.indexOf(':');
    int newline = message.indexOf('\n');
    int end = colon < 0 ? newline : newline < 0 ? colon : Math.min(colon, newline);
    String kind = QUOTED.matcher(end < 0 ? message : message.substring(0, end))
        .replaceAll("'…'");
    JsonLocation location = e.getLocation();
    return location == null || location.getLineNr() < 0 ? kind
        : kind + " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}

package io.dif.transform;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;

/**
 * Describes why a record or page could not be read without quoting its text: parsers'
 * messages quote the raw input (Jackson's "Unrecognized token 'alice'"), which may be personal
 * data and belongs in the raw zone only. Reasons name the kind of problem and its position.
 */
final class RecordProblems {
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

  private RecordProblems() {}

  static String describe(Throwable e) {
    if (e instanceof JsonProcessingException json) {
      String message = String.valueOf(json.getOriginalMessage());
      int end = firstOf(message, ':', '\n');
      String kind = QUOTED.matcher(end < 0 ? message : message.substring(0, end))
          .replaceAll("'…'");
      JsonLocation location = json.getLocation();
      return location == null || location.getColumnNr() < 0 ? kind
          : kind + " at column " + location.getColumnNr();
    }
    if (e instanceof XMLStreamException xml) {
      return xml.getLocation() == null ? "XML is not well-formed"
          : "XML is not well-formed at line " + xml.getLocation().getLineNumber()
              + ", column " + xml.getLocation().getColumnNumber();
    }
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause != e && (cause instanceof JsonProcessingException
        || cause instanceof XMLStreamException)) {
      return describe(cause);
    }
    String message = String.valueOf(cause.getMessage());
    int end = message.indexOf('\n');
    return cause.getClass().getSimpleName() + ": "
        + QUOTED.matcher(end < 0 ? message : message.substring(0, end)).replaceAll("'…'");
  }

  private static int firstOf(String text, char a, char b) {
    int i = text.indexOf(a);
    int j = text.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}

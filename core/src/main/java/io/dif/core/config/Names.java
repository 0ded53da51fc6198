package io.dif.core.config;

/** Patterns that names in the config must match. */
public final class Names {
  /** Names that become folders, table parts and template variables. */
  public static final String IDENTIFIER = "[a-z][a-z0-9_]*";
  /** A warehouse table as schema.table. */
  public static final String TABLE = IDENTIFIER + "\\." + IDENTIFIER;
  /** A JSON pointer (RFC 6901), empty for the whole document. */
  public static final String JSON_POINTER = "(/[^/]*)*";

  private Names() {}
}

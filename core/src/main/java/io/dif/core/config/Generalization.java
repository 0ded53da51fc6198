package io.dif.core.config;

/** The coarser value a generalized column keeps. */
public enum Generalization {
  /** A date or timestamp becomes the first day (midnight UTC) of its month. */
  MONTH,
  /** An IPv4 address becomes its /24 network ({@code 192.0.2.0}); IPv6 its /48. */
  IP_24,
  /** A text keeps its first {@code length} characters. */
  TRUNCATE
}

package io.dif.core.config;

/**
 * How a personal-data column is anonymized (GDPR). Plain unkeyed hashes are not offered: a
 * dictionary of likely values (emails, phone numbers) reverses them.
 */
public enum AnonymizeMethod {
  /** HMAC-SHA256 with a secret key from the credential store, as lowercase hex. */
  HMAC_SHA256,
  /** Every character replaced by '*', but the last {@code keep_last}. */
  MASK,
  /** No value at all: the column is null. */
  DROP,
  /** A coarser value: see {@code generalize}. */
  GENERALIZE
}

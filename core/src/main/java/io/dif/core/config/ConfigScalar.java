package io.dif.core.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a value type written as one string in YAML (such as {@code decimal(18,4)}). The type
 * must have {@code public static T parse(String)} that throws {@link IllegalArgumentException}
 * with the rule when the text is not valid.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ConfigScalar {
  /** Regular expression of the accepted text, used by the JSON Schema. */
  String pattern();
}

package io.dif.core.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one key of the client config. The binder, the validator and the JSON Schema
 * generator all read this one definition, so they cannot drift apart.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface ConfigField {
  /** Shown in the JSON Schema (editor tooltips) and in the config reference. */
  String description();

  boolean required() default false;

  /** Default value written as it would be in YAML; empty means "no default". */
  String defaultValue() default "";

  /** Regular expression a string value must match in full; empty means any. */
  String pattern() default "";

  /** Smallest allowed number, inclusive. */
  long min() default Long.MIN_VALUE;

  /** Largest allowed number, inclusive. */
  long max() default Long.MAX_VALUE;
}

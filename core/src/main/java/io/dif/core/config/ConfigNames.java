package io.dif.core.config;

import java.util.Locale;

/** How Java names of the config model are spelled in YAML: snake_case keys, lower-case enums. */
final class ConfigNames {
  private ConfigNames() {}

  static String yamlKey(String componentName) {
    StringBuilder key = new StringBuilder();
    for (char c : componentName.toCharArray()) {
      if (Character.isUpperCase(c)) {
        key.append('_').append(Character.toLowerCase(c));
      } else {
        key.append(c);
      }
    }
    return key.toString();
  }

  static String yamlEnumValue(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}

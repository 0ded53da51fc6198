package io.dif.control;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A control table of its own for each test method ({@code @RegisterExtension}): created on first
 * use by {@link #name()}, dropped after the method.
 */
final class DynaliteTable implements AfterEachCallback {
  private String name;

  /** The table of the running test method, created when first asked for. */
  String name() {
    if (name == null) {
      name = TestingDynalite.createTable();
    }
    return name;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (name != null) {
      TestingDynalite.deleteTable(name);
      name = null;
    }
  }
}

package io.dif.deploy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/** Programs the deploy checks run: found on the PATH, or the test is skipped outside CI. */
final class Executables {
  private Executables() {
  }

  static Optional<String> find(String name) {
    String path = System.getenv("PATH");
    for (String folder : (path == null ? "" : path).split(File.pathSeparator)) {
      if (folder.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(folder, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  /**
   * The program's path. A developer machine without it skips the test, saying why; CI
   * (CI=true), whose machines have it, fails instead, so a missing install cannot hide there.
   */
  static String requireOutsideCi(String name, String why) {
    Optional<String> found = find(name);
    if (found.isPresent()) {
      return found.get();
    }
    String reason = name + " is not on the PATH: " + why;
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("Cannot run the deploy checks: " + reason);
    }
    System.err.println("Skipped: " + reason);
    throw new TestAbortedException("Skipped: " + reason);
  }
}

package io.dif.core.config;

import io.dif.core.error.ConfigurationException;
import io.dif.core.error.ErrorCode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a client YAML file into a {@link ClientConfig}, or reports every problem it has. */
public final class ClientConfigLoader {

  /** Loads and validates one file; throws {@link InvalidConfigException} listing all problems. */
  public ClientConfig load(Path file) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_NOT_FOUND,
          "Cannot load client config: no such file: " + name);
    } catch (IOException e) {
      throw new ConfigurationException(ErrorCode.CONFIG_NOT_FOUND,
          "Cannot load client config: " + e.getMessage() + ": " + name);
    }
    return parse(name, text);
  }

  /** Parses YAML text; {@code name} is used in problem reports. */
  public ClientConfig parse(String name, String text) {
    Node root;
    try (Reader reader = new java.io.StringReader(text)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      root = new Yaml(new SafeConstructor(options)).compose(reader);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new InvalidConfigException(name, List.of(new ConfigProblem(name, "", line, "",
          "is not valid YAML: " + e.getProblem())));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (root == null) {
      throw new InvalidConfigException(name,
          List.of(new ConfigProblem(name, "", 0, "", "file is empty")));
    }
    ConfigBinder binder = new ConfigBinder(name);
    ClientConfig config = binder.bindRoot(ClientConfig.class, root);
    List<ConfigProblem> problems = new ArrayList<>(binder.problems());
    if (config != null) {
      // Rules also run when binding found problems, so one check lists everything; a rule
      // about a path that already has a problem would only repeat it.
      for (ConfigProblem rule : new ClientConfigRules(name, binder.lines()).check(config)) {
        boolean repeats = binder.problems().stream()
            .anyMatch(p -> rule.path().equals(p.path()) || rule.path().startsWith(p.path() + ".")
                || p.path().startsWith(rule.path() + "."));
        if (!repeats) {
          problems.add(rule);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(name, problems);
    }
    return config;
  }
}

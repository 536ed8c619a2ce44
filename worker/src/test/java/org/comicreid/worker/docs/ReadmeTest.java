package org.comicreid.worker.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.comicreid.experiments.config.ConfigKey;
import org.comicreid.experiments.config.ConfigKeys;
import org.junit.jupiter.api.Test;

/** The README documents every config key, exactly as {@code reid config reference} prints it. */
class ReadmeTest {

  private static String readme() throws Exception {
    Path p = Path.of("..", "README.md");
    assertTrue(Files.isRegularFile(p), "README.md not found from " + Path.of("").toAbsolutePath());
    return Files.readString(p);
  }

  @Test
  void theConfigReferenceIsTheGeneratedTable() throws Exception {
    String readme = readme();
    assertTrue(readme.contains(ConfigKeys.markdownReference()),
        "README.md's config reference is out of date: paste the output of `reid config reference`");
    for (ConfigKey k : ConfigKeys.all()) {
      assertTrue(readme.contains("`" + k.name() + "`"), "README.md lacks key " + k.name());
    }
  }
}

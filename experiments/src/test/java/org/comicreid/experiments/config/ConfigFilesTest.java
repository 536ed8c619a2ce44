package org.comicreid.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every YAML file under configs/ validates; the embedded demo is configs/demo.yaml. */
class ConfigFilesTest {

  static final Path CONFIGS = Path.of("..", "configs");

  @Test
  void everyConfigFileValidates() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(CONFIGS)) {
      // configs/sweeps/ holds sweep files, a format of their own (SweepConfigsFilesTest)
      files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> !p.startsWith(CONFIGS.resolve("sweeps"))).sorted().toList();
    }
    assertFalse(files.isEmpty());
    assertTrue(files.contains(CONFIGS.resolve("demo.yaml")) && files.contains(CONFIGS.resolve("paper.yaml")));
    ConfigLoader loader = new ConfigLoader(Map.of());
    for (Path f : files) {
      loader.load(f, List.of()); // throws ReidInputException naming the file and key
    }
  }

  @Test
  void paperConfigHasTheAuthorsSettings() {
    ReidConfig c = new ConfigLoader(Map.of()).load(CONFIGS.resolve("paper.yaml"), List.of()).typed();
    assertEquals(0.82, c.cluster().threshold());
    assertTrue(c.evaluate().avgOfAvgs());
    assertEquals("paper", c.experiment().name());
  }

  @Test
  void embeddedDemoIsTheDemoFile() throws IOException {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.DEMO_RESOURCE)) {
      assertEquals(Files.readString(CONFIGS.resolve("demo.yaml")), new String(in.readAllBytes()));
    }
    ConfigLoader loader = new ConfigLoader(Map.of());
    assertEquals(loader.load(CONFIGS.resolve("demo.yaml"), List.of()).flat(), loader.loadDemo(List.of()).flat());
    assertEquals("30m", loader.loadDemo(List.of()).text("pretrain.timeout"));
  }
}

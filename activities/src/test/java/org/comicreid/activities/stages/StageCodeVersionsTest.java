package org.comicreid.activities.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.comicreid.core.linking.SequenceLinker;
import org.comicreid.core.pipeline.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageCodeVersionsTest {

  @TempDir Path tmp;

  @Test
  void everyStageHasAStableVersionOfItsOwn() {
    Map<Stage, String> v = StageCodeVersions.current();
    assertEquals(9, v.size());
    assertEquals(v, StageCodeVersions.current());
    for (String s : v.values()) {
      assertTrue(s.matches("[0-9a-f]{16}"), s);
    }
    assertEquals(9, v.values().stream().distinct().count(), v.toString());
    assertTrue(StageCodeVersions.rootsOf(Stage.PRETRAIN).contains("org.comicreid.learning.pretrain.*"));
    assertTrue(!StageCodeVersions.rootsOf(Stage.FINE_TUNE).contains("org.comicreid.learning.pretrain.*"));
  }

  @Test
  void aClassRootCoversTheClassAndItsNestedClassesOnly() {
    Map<String, byte[]> files =
        StageCodeVersions.classFiles(StageCodeVersions.Root.cls(StageCodeVersions.class));
    assertTrue(files.containsKey("org/comicreid/activities/stages/StageCodeVersions.class"));
    assertTrue(files.containsKey("org/comicreid/activities/stages/StageCodeVersions$Root.class"));
    for (String f : files.keySet()) {
      assertTrue(f.startsWith("org/comicreid/activities/stages/StageCodeVersions"), f);
    }
  }

  /** A changed, added or removed class file in a package root changes the version. */
  @Test
  void changedCodeInARootChangesTheVersion() throws Exception {
    Path copy = tmp.resolve("classes/org/comicreid/core/linking");
    Files.createDirectories(copy);
    // the build's classes of the package, from a directory or (in a module build) a jar
    Map<String, byte[]> build =
        StageCodeVersions.classFiles(StageCodeVersions.Root.pkg(SequenceLinker.class));
    assertTrue(build.size() >= 2, build.keySet().toString());
    for (Map.Entry<String, byte[]> e : build.entrySet()) {
      Files.write(tmp.resolve("classes").resolve(e.getKey()), e.getValue());
    }
    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {tmp.resolve("classes").toUri().toURL()}, null)) {
      Class<?> marker = Class.forName(SequenceLinker.class.getName(), false, loader);
      List<StageCodeVersions.Root> roots = List.of(StageCodeVersions.Root.pkg(marker));
      String original = StageCodeVersions.version(roots);
      // the copy has the same bytes as the build's classes: the same version
      assertEquals(StageCodeVersions.version(
          List.of(StageCodeVersions.Root.pkg(SequenceLinker.class))), original);

      Path other;
      try (Stream<Path> s = Files.list(copy)) {
        other = s.filter(f -> !f.getFileName().toString().equals("SequenceLinker.class"))
            .filter(f -> f.toString().endsWith(".class")).findFirst().orElseThrow();
      }
      byte[] before = Files.readAllBytes(other);
      Files.write(other, new byte[] {0}, StandardOpenOption.APPEND);
      String changed = StageCodeVersions.version(roots);
      assertNotEquals(original, changed);
      Files.write(other, before);
      assertEquals(original, StageCodeVersions.version(roots));

      Files.write(copy.resolve("SequenceLinker$Added.class"), new byte[] {1, 2, 3});
      assertNotEquals(original, StageCodeVersions.version(roots));
      Files.delete(copy.resolve("SequenceLinker$Added.class"));
      Files.delete(other);
      assertNotEquals(original, StageCodeVersions.version(roots));
    }
  }
}

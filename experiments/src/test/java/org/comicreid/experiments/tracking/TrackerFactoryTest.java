package org.comicreid.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.comicreid.catalog.CatalogSettings;
import org.comicreid.core.ReidInputException;
import org.comicreid.experiments.config.ConfigLoader;
import org.comicreid.experiments.config.ReidConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerFactoryTest {

  @TempDir Path dir;

  private static ReidConfig config(Map<String, String> env, String... sets) {
    return new ConfigLoader(env).load(null, List.of(sets)).typed();
  }

  @Test
  void autoIsLocalWithoutUriAndMlflowWithOne() {
    boolean[] opened = {false};
    Tracker local = TrackerFactory.create(config(Map.of()), () -> {
      opened[0] = true;
      return null;
    });
    assertInstanceOf(LocalTracker.class, local);
    assertTrue(opened[0]);

    try (Tracker fromEnv = TrackerFactory.create(config(Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:1"),
        "tracking.buffer_dir=" + dir), () -> {
          throw new AssertionError("the catalog is not opened for MLflow");
        })) {
      assertInstanceOf(MlflowTracker.class, fromEnv);
      assertEquals("http://127.0.0.1:1", ((MlflowTracker) fromEnv).trackingUri());
    }
    try (Tracker fromKey = TrackerFactory.create(config(Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:1"),
        "tracking.mlflow.uri=http://127.0.0.1:2/"), () -> null)) {
      assertEquals("http://127.0.0.1:2", ((MlflowTracker) fromKey).trackingUri(), "the key wins over the env");
    }
    assertInstanceOf(LocalTracker.class, TrackerFactory.create(
        config(Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:1"), "tracking.backend=local"), () -> null));
  }

  @Test
  void mlflowWithoutUriIsAnInputError() {
    ReidInputException e = assertThrows(ReidInputException.class,
        () -> TrackerFactory.create(config(Map.of(), "tracking.backend=mlflow"), () -> null));
    assertTrue(e.getMessage().contains("MLFLOW_TRACKING_URI"), e.getMessage());
  }

  @Test
  void catalogSettingsFollowTheConfig() {
    CatalogSettings embedded = TrackerFactory.catalogSettings(config(Map.of(), "paths.workdir=" + dir, "catalog.batch_size=7"));
    assertTrue(embedded.isH2() && embedded.jdbcUrl().contains(dir.toAbsolutePath().toString()), embedded.jdbcUrl());
    assertEquals(7, embedded.batchSize());
    CatalogSettings pg = TrackerFactory.catalogSettings(config(Map.of(),
        "catalog.url=jdbc:postgresql://db:5432/reid", "catalog.user=u", "catalog.password=p"));
    assertEquals("jdbc:postgresql://db:5432/reid", pg.jdbcUrl());
    assertEquals("p", pg.password());
  }
}

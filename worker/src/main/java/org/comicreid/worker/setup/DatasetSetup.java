package org.comicreid.worker.setup;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.repository.DatasetRepository;
import org.comicreid.catalog.synthetic.SyntheticImporter;
import org.comicreid.catalog.synthetic.WorldSpec;
import org.comicreid.core.ReidInputException;
import org.comicreid.experiments.config.ResolvedConfig;

/**
 * Makes sure the configured dataset is in the catalog. A {@code dataset.name} that starts with
 * {@code synthetic} names a synthetic comic world: when the catalog lacks it, it is generated from
 * the {@code world.*} keys under {@code <workdir>/worlds/<name>} and imported. Any other missing
 * dataset is an input error (real datasets are imported explicitly).
 */
public final class DatasetSetup {
  /** Dataset names with this prefix are generated on demand. */
  public static final String SYNTHETIC_PREFIX = "synthetic";

  private DatasetSetup() {}

  /** The world spec of a config's {@code world.*} keys. */
  public static WorldSpec worldSpec(ResolvedConfig c) {
    try {
      return new WorldSpec(
          ((Number) c.get("world.seed").value()).longValue(),
          ((Number) c.get("world.series").value()).intValue(),
          ((Number) c.get("world.characters").value()).intValue(),
          ((Number) c.get("world.sequences").value()).intValue(),
          ((Number) c.get("world.panel_width").value()).intValue(),
          ((Number) c.get("world.panel_height").value()).intValue(),
          ((Number) c.get("world.overlap_rate").value()).doubleValue(),
          ((Number) c.get("world.distractor_rate").value()).doubleValue(),
          ((Number) c.get("world.grayscale_rate").value()).doubleValue(),
          ((Number) c.get("world.tint_strength").value()).doubleValue(),
          ((Number) c.get("world.occlusion_rate").value()).doubleValue(),
          ((Number) c.get("world.bubbles").value()).intValue());
    } catch (IllegalArgumentException e) {
      throw new ReidInputException("config keys 'world.*': " + e.getMessage());
    }
  }

  /** Imports (generating if needed) the configured dataset when the catalog lacks it. */
  public static void ensure(RunSetup setup, Catalog catalog, PrintWriter out) {
    String name = setup.typed().dataset().name();
    if (!name.startsWith(SYNTHETIC_PREFIX)) {
      if (new DatasetRepository(catalog).findByName(name).isEmpty()) {
        throw new ReidInputException("config key 'dataset.name': no dataset '" + name
            + "' in the catalog; names starting with '" + SYNTHETIC_PREFIX
            + "' are generated from the world.* keys, other datasets must be imported first");
      }
      return;
    }
    WorldSpec spec = worldSpec(setup.config());
    boolean present = new DatasetRepository(catalog).findByName(name).isPresent();
    Path dir = setup.typed().paths().workdir().resolve("worlds").resolve(name).toAbsolutePath();
    long t0 = System.nanoTime();
    if (!present) {
      out.println("generating synthetic comic world '" + name + "' (world.seed "
          + spec.seed() + ") under " + dir);
      out.flush();
    }
    SyntheticImporter.importWorld(catalog, name, spec, dir);
    if (!present) {
      out.println(String.format(Locale.ROOT, "imported '%s' in %.1f s", name,
          (System.nanoTime() - t0) / 1e9));
      out.flush();
    }
  }
}

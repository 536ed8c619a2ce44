package org.comicreid.worker.setup;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.comicgen.ComicgenKit;
import org.comicreid.catalog.comicgen.ComicgenSpec;
import org.comicreid.catalog.comicgen.ComicgenWorld;
import org.comicreid.catalog.datasets.DatasetImporter;
import org.comicreid.catalog.datasets.ImportOptions;
import org.comicreid.catalog.datasets.ImportReport;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.repository.InstanceTruth;
import org.comicreid.catalog.repository.DatasetRepository;
import org.comicreid.catalog.synthetic.SyntheticImporter;
import org.comicreid.catalog.synthetic.WorldSpec;
import org.comicreid.core.ReidInputException;
import org.comicreid.experiments.config.ResolvedConfig;

/**
 * Makes sure the configured dataset is in the catalog. A {@code dataset.name} that starts with
 * {@code synthetic} names a synthetic comic world, one that starts with {@code comicgen} a world of
 * comicgen's real comic art: when the catalog lacks it, it is generated from the {@code world.*}
 * (or {@code comicgen.*}) keys under {@code <workdir>/worlds/<name>} and imported. Any other
 * missing dataset is an input error (real datasets are imported with {@code reid dataset import}).
 */
public final class DatasetSetup {
  /** Dataset names with this prefix are generated on demand. */
  public static final String SYNTHETIC_PREFIX = "synthetic";
  /** Dataset names with this prefix are comicgen worlds, generated on demand. */
  public static final String COMICGEN_PREFIX = "comicgen";

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

  /** The comicgen world spec of a config's {@code comicgen.*} keys. */
  public static ComicgenSpec comicgenSpec(ResolvedConfig c) {
    return new ComicgenSpec(
        ((Number) c.get("comicgen.seed").value()).longValue(),
        ((Number) c.get("comicgen.sequences").value()).intValue(),
        ((Number) c.get("comicgen.series").value()).intValue(),
        ((Number) c.get("comicgen.panel_width").value()).intValue(),
        ((Number) c.get("comicgen.panel_height").value()).intValue(),
        ((Number) c.get("comicgen.max_characters").value()).intValue(),
        ((Number) c.get("comicgen.cast_size").value()).intValue(),
        ((Number) c.get("comicgen.avatars").value()).intValue(),
        (Boolean) c.get("comicgen.color_variants_same_identity").value(),
        ((Number) c.get("comicgen.overlap_rate").value()).doubleValue(),
        ((Number) c.get("comicgen.partial_rate").value()).doubleValue());
  }

  /**
   * The installed comicgen package: {@code comicgen.dir}, else the {@code reid.comicgen.dir}
   * system property, else {@code catalog/npm/node_modules/comicgen} under the checkout the
   * launcher runs from ({@code reid.home}) or the current directory.
   */
  public static ComicgenKit comicgenKit(ResolvedConfig c) {
    String configured = String.valueOf(c.get("comicgen.dir").value());
    if (!configured.isBlank() && !configured.equals("null")) {
      return ComicgenKit.open(Path.of(configured));
    }
    String prop = System.getProperty(ComicgenKit.DIR_PROPERTY);
    if (prop != null && !prop.isBlank()) {
      return ComicgenKit.open(Path.of(prop));
    }
    Path home = Path.of(System.getProperty("reid.home", "."));
    return ComicgenKit.open(home.resolve("catalog/npm/node_modules/comicgen"));
  }

  /** The import options of a config: the C.1 split keys. */
  public static ImportOptions importOptions(ResolvedConfig c) {
    return ImportOptions.defaults().withSplit(
        ((Number) c.get("split.threshold").value()).intValue(),
        ((Number) c.get("split.val_fraction").value()).doubleValue(),
        ((Number) c.get("split.seed").value()).longValue());
  }

  /** A few lines about an import: counts, content hash, what was skipped. */
  public static String describe(ImportReport r) {
    if (r.alreadyPresent()) {
      return "dataset '" + r.datasetName() + "' is already in the catalog with content hash "
          + r.contentHash() + ": nothing written";
    }
    StringBuilder b = new StringBuilder("imported '" + r.datasetName() + "' (" + r.format()
        + ", content hash " + r.contentHash() + "):");
    r.counts().forEach((k, v) -> b.append(' ').append(v).append(' ').append(k).append(','));
    b.setLength(b.length() - 1);
    if (!r.problems().isEmpty() || !r.dropped().isEmpty()) {
      b.append(String.format(Locale.ROOT, "%nskipped %d invalid row(s) and %d row(s) that depended"
          + " on them; report: %s", r.problems().size(), r.dropped().size(), r.skippedReport()));
    }
    return b.toString();
  }

  /**
   * Generates comicgen world {@code spec} under {@code dir} (unless it is there) and imports it as
   * dataset {@code name} (unless the catalog has it), with its ground truth kept aside. The kit
   * is only opened when the world has to be generated.
   *
   * @throws ReidInputException when {@code name} exists as another world or dataset
   */
  public static void comicgen(Catalog catalog, String name,
      Supplier<ComicgenKit> kit, ComicgenSpec spec, Path dir, PrintWriter out) {
    String tag = "comicgen world " + spec.hash();
    Optional<Dataset> existing = new DatasetRepository(catalog).findByName(name);
    if (existing.isPresent()) {
      String d = String.valueOf(existing.get().getDescription());
      if (!d.startsWith(tag)) {
        throw new ReidInputException("dataset '" + name + "' already exists (" + d + "), but the"
            + " comicgen.* keys describe " + tag + ": pick another dataset.name");
      }
      return;
    }
    long t0 = System.nanoTime();
    out.println("generating comicgen world '" + name + "' (comicgen.seed " + spec.seed() + ", "
        + spec.sequences() + " sequences) under " + dir);
    out.flush();
    ComicgenWorld.Summary world = ComicgenWorld.generate(kit.get(), spec, dir);
    DatasetImporter.importDataset(catalog, "sequences", dir, ImportOptions.defaults().withName(name));
    catalog.inTransaction(s -> {
      Dataset ds = new DatasetRepository(catalog).findByName(name).orElseThrow();
      Dataset managed = s.find(Dataset.class, ds.getId());
      managed.setFormat("comicgen");
      managed.setDescription(tag + ": " + spec.canonical());
    });
    InstanceTruth.record(catalog, name, readTruth(dir.resolve(ComicgenWorld.TRUTH)));
    out.println(String.format(Locale.ROOT, "imported '%s': %d series, %d panels, %d sequences,"
            + " %d instances of %d identities in %.1f s", name, world.series(), world.panels(),
        world.sequences(), world.instances(), world.identities(), (System.nanoTime() - t0) / 1e9));
    out.flush();
  }

  private static Map<String, String> readTruth(Path file) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(file.toFile(),
          new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, String>>() {});
    } catch (java.io.IOException e) {
      throw new ReidInputException("cannot read the comicgen ground truth " + file + ": " + e.getMessage());
    }
  }

  /**
   * Imports (generating if needed) the configured dataset when the catalog lacks it, and returns
   * its content hash ({@code ""} if the catalog has none recorded), which enters every stage key.
   */
  public static String ensure(RunSetup setup, Catalog catalog, PrintWriter out) {
    importIfMissing(setup, catalog, out);
    return contentHash(setup, catalog);
  }

  /** The content hash of the configured dataset; {@code ""} when it is not (yet) in the catalog. */
  public static String contentHash(RunSetup setup, Catalog catalog) {
    return new DatasetRepository(catalog).findByName(setup.typed().dataset().name())
        .map(d -> d.getContentHash() == null ? "" : d.getContentHash()).orElse("");
  }

  private static void importIfMissing(RunSetup setup, Catalog catalog, PrintWriter out) {
    String name = setup.typed().dataset().name();
    if (name.startsWith(COMICGEN_PREFIX)) {
      Path dir = setup.typed().paths().workdir().resolve("worlds").resolve(name).toAbsolutePath();
      comicgen(catalog, name, () -> comicgenKit(setup.config()), comicgenSpec(setup.config()),
          dir, out);
      return;
    }
    if (!name.startsWith(SYNTHETIC_PREFIX)) {
      if (new DatasetRepository(catalog).findByName(name).isEmpty()) {
        throw new ReidInputException("config key 'dataset.name': no dataset '" + name
            + "' in the catalog; names starting with '" + SYNTHETIC_PREFIX
            + "' are generated from the world.* keys and names starting with '" + COMICGEN_PREFIX
            + "' from the comicgen.* keys; other datasets must be imported first (reid dataset import)");
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

package org.comicreid.worker.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.comicreid.activities.stages.DetectActivitiesImpl;
import org.comicreid.activities.stages.PairActivitiesImpl;
import org.comicreid.activities.stages.StageEnvironment;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.CatalogSettings;
import org.comicreid.catalog.datasets.DatasetImporter;
import org.comicreid.catalog.datasets.ImportOptions;
import org.comicreid.catalog.datasets.ImportReport;
import org.comicreid.catalog.repository.DatasetDeletion;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.pipeline.DetectInput;
import org.comicreid.core.pipeline.DetectOutput;
import org.comicreid.core.pipeline.PairInput;
import org.comicreid.core.pipeline.PairOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.worker.bench.DetectionsFile;
import org.comicreid.worker.bench.MemoryProbe;
import org.comicreid.worker.setup.RunSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reid bench import}: the paper-scale data path. Writes a character-instances file of N
 * detections (Table 6 CSV, {@link DetectionsFile}), then per database imports it (validation pass
 * + batched insert pass), runs the detect stage (streams the boxes out of the catalog, applies the
 * Appendix B filters) and the pair stage (pairs faces with bodies per panel, lists crop specs; no
 * crop is cut), timing each and reading the peak heap. H2 is a fresh file database; PostgreSQL is
 * the database given (the benchmark's dataset is deleted afterwards).
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Import, detect and pair N detections (paper scale: 1.2 million) on H2 and PostgreSQL.")
public final class BenchImportCommand implements Callable<Integer> {

  @Option(names = "--detections", defaultValue = "1200000", paramLabel = "N",
      description = "Detections in the generated file (default ${DEFAULT-VALUE}).")
  long detections;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where the file, the databases and the artifacts go (default: .reid/bench-import).")
  Path dir;

  @Option(names = "--pg-url", paramLabel = "JDBC_URL",
      description = "Also run on this PostgreSQL database (default: $REID_TEST_PG_URL if set).")
  String pgUrl;

  @Option(names = "--pg-user", paramLabel = "USER", description = "PostgreSQL user (default: $REID_TEST_PG_USER).")
  String pgUser;

  @Option(names = "--pg-password", paramLabel = "PASSWORD",
      description = "PostgreSQL password (default: $REID_TEST_PG_PASSWORD).")
  String pgPassword;

  @Option(names = "--batch", defaultValue = "1000", paramLabel = "ROWS",
      description = "Catalog insert batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  record Row(String db, double importS, double detectS, double pairS, long heapMib, long boxes,
      long pairs) {}

  @Override
  public Integer call() throws Exception {
    if (detections < 1) {
      throw new ReidInputException("--detections must be at least 1");
    }
    Path root = (dir == null ? Path.of(".reid", "bench-import") : dir).toAbsolutePath();
    Files.createDirectories(root);
    PrintWriter out = spec.commandLine().getOut();
    String url = pgUrl != null ? pgUrl : System.getenv("REID_TEST_PG_URL");
    String user = pgUser != null ? pgUser : System.getenv().getOrDefault("REID_TEST_PG_USER", "");
    String pass = pgPassword != null ? pgPassword
        : System.getenv().getOrDefault("REID_TEST_PG_PASSWORD", "");
    out.print(BenchCommand.environment("reid bench import --detections " + detections
        + " --batch " + batch));
    long t0 = System.nanoTime();
    DetectionsFile.Summary file = DetectionsFile.write(root.resolve("data"), detections, 1);
    out.println(String.format(Locale.ROOT,
        "- input: %s, %d detections on %d panels of %d series, %.0f MiB (written in %.1f s, not timed below)",
        file.csv(), file.detections(), file.panels(), file.series(),
        Files.size(file.csv()) / 1048576.0, (System.nanoTime() - t0) / 1e9));
    out.println();
    out.println("| database | import s | detect s | pair s | total s | boxes | pretraining pairs | peak heap MiB |");
    out.println("|---|---|---|---|---|---|---|---|");
    out.flush();
    List<Row> rows = new ArrayList<>();
    Path h2 = root.resolve("h2-" + System.currentTimeMillis());
    rows.add(run("H2", CatalogSettings.embedded(h2).withBatchSize(batch),
        file, root, out));
    if (url != null && !url.isBlank()) {
      rows.add(run("PostgreSQL", new CatalogSettings(url, user, pass, batch), file, root, out));
    } else {
      out.println("(no PostgreSQL: pass --pg-url or set REID_TEST_PG_URL)");
    }
    out.flush();
    return ReidMain.EXIT_OK;
  }

  private Row run(String db, CatalogSettings settings, DetectionsFile.Summary file, Path root,
      PrintWriter out) {
    String name = "bench-import-" + System.currentTimeMillis();
    try (Catalog catalog = Catalog.open(settings)) {
      System.gc();
      MemoryProbe.reset();
      long t0 = System.nanoTime();
      ImportReport report = DatasetImporter.importDataset(catalog, "character-instances",
          file.csv(), ImportOptions.defaults().withName(name));
      long t1 = System.nanoTime();
      RunSetup setup = RunSetup.resolve(null, List.of("dataset.name=" + name,
          "paths.workdir=" + root.resolve("work")));
      StageEnvironment env = new StageEnvironment(() -> catalog, (s, m, t) -> {
        if (!t) {
          spec.commandLine().getErr().println(s.key() + ": " + m);
          spec.commandLine().getErr().flush();
        }
      }, null, "cpu",
          root.resolve("work").resolve("cache"));
      Path art = root.resolve("work").resolve("artifacts").resolve(name);
      DetectOutput d = new DetectActivitiesImpl(env).detect(new DetectInput("bench-detect", name,
          art.resolve("detect").toString(), setup.spec().paramsOf(Stage.DETECT)));
      long t2 = System.nanoTime();
      PairOutput p = new PairActivitiesImpl(env).pair(new PairInput("bench-pair", name,
          art.resolve("pair").toString(), setup.spec().paramsOf(Stage.PAIR), d));
      long t3 = System.nanoTime();
      long heap = MemoryProbe.peakHeapBytes() / 1048576;
      Row r = new Row(db, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, heap,
          d.instanceCount(), p.pairCount());
      out.println(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %d | %d | %d |",
          db, r.importS(), r.detectS(), r.pairS(), r.importS() + r.detectS() + r.pairS(),
          r.boxes(), r.pairs(), r.heapMib()));
      out.flush();
      if (report.count("detections") != file.detections()) {
        out.println("warning: imported " + report.count("detections") + " of " + file.detections()
            + " detections");
      }
      DatasetDeletion.delete(catalog, name);
      return r;
    }
  }
}

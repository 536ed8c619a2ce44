package org.comicreid.worker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.comicgen.ComicgenKit;
import org.comicreid.catalog.comicgen.ComicgenSpec;
import org.comicreid.catalog.comicgen.ComicgenWorld;
import org.comicreid.catalog.datasets.DatasetExporter;
import org.comicreid.catalog.datasets.DatasetImportException;
import org.comicreid.catalog.datasets.DatasetImporter;
import org.comicreid.catalog.datasets.DatasetListing;
import org.comicreid.catalog.datasets.ExportReport;
import org.comicreid.catalog.datasets.ImportOptions;
import org.comicreid.catalog.datasets.ImportProblem;
import org.comicreid.catalog.datasets.ImportReport;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.IdentityScope;
import org.comicreid.worker.setup.DatasetSetup;
import org.comicreid.worker.setup.LedgerWiring;
import org.comicreid.worker.setup.RunSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reid dataset}: import, export, list and generate datasets (docs/datasets.md). Every
 * subcommand reads {@code --config}/{@code --set} like {@code reid run}, for the catalog and, on
 * import, the C.1 split keys ({@code split.*}).
 */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description = "Import, export, list and generate datasets (formats: docs/datasets.md).",
    subcommands = {DatasetCommand.Import.class, DatasetCommand.Export.class,
      DatasetCommand.ListDatasets.class, DatasetCommand.Comicgen.class})
public final class DatasetCommand implements Runnable {

  /** The formats of import and export. */
  static final List<String> FORMATS = List.of("character-instances", "sequences", "instances");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Config options shared by the subcommands. */
  static class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
        description = "YAML config file (for catalog.* and split.*; default: built-in defaults).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
    List<String> sets = new ArrayList<>();

    RunSetup setup() {
      return RunSetup.resolve(config, sets);
    }
  }

  static String format(String f) {
    if (!FORMATS.contains(f)) {
      throw new ReidInputException("--format: expected one of " + String.join(", ", FORMATS)
          + ", got '" + f + "'");
    }
    return f;
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Import a dataset into the catalog; validates everything first and writes"
          + " nothing unless all of it is valid (or, with --skip-invalid, the valid part).")
  static final class Import implements Callable<Integer> {
    @Option(names = "--format", required = true, paramLabel = "FORMAT",
        description = "character-instances (Table 6 CSV or DASS JSON), sequences (folder), instances (CSV).")
    String format;

    @Parameters(index = "0", paramLabel = "PATH", description = "The file or folder to import.")
    Path path;

    @Option(names = "--name", paramLabel = "NAME",
        description = "Dataset name (default: the file or folder name without extension).")
    String name;

    @Option(names = "--skip-invalid",
        description = "Import the valid rows and write a report of the skipped ones.")
    boolean skipInvalid;

    @Option(names = "--identity-scope", paramLabel = "SCOPE",
        description = "instances format: dataset (labels already linked, default) or sequence.")
    String identityScope;

    @CommandLine.Mixin ConfigOptions config = new ConfigOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      RunSetup setup = config.setup();
      ImportOptions options = DatasetSetup.importOptions(setup.config());
      if (name != null) {
        options = options.withName(name);
      }
      options = options.withSkipInvalid(skipInvalid);
      if (identityScope != null) {
        try {
          options = options.withIdentityScope(IdentityScope.parse(identityScope));
        } catch (IllegalArgumentException e) {
          throw new ReidInputException("--identity-scope: " + e.getMessage());
        }
      }
      long t0 = System.nanoTime();
      try (Catalog catalog = LedgerWiring.openCatalog(setup)) {
        ImportReport r;
        try {
          r = DatasetImporter.importDataset(catalog, format(format), path, options);
        } catch (DatasetImportException e) {
          PrintWriter err = spec.commandLine().getErr();
          for (ImportProblem p : e.problems()) {
            err.println(p);
          }
          err.println("reid: error: " + e.problems().size() + " problem(s) in " + path
              + "; nothing was imported (--skip-invalid imports the valid part)");
          err.flush();
          return ReidMain.EXIT_USAGE;
        }
        out.println(DatasetSetup.describe(r));
        out.println(String.format(Locale.ROOT, "(%.1f s)", (System.nanoTime() - t0) / 1e9));
      }
      out.flush();
      return ReidMain.EXIT_OK;
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write a catalog dataset in one of the formats (images are copied).")
  static final class Export implements Callable<Integer> {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The dataset.")
    String name;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
        description = "character-instances, sequences or instances.")
    String format;

    @Parameters(index = "0", paramLabel = "OUT", description = "Output folder.")
    Path out;

    @CommandLine.Mixin ConfigOptions config = new ConfigOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (Catalog catalog = LedgerWiring.openCatalog(config.setup())) {
        ExportReport r = DatasetExporter.export(catalog, name, format(format), out);
        PrintWriter pw = spec.commandLine().getOut();
        pw.println(String.format(Locale.ROOT, "exported '%s' as %s to %s: %d rows, %d images;"
            + " import it again from %s", name, format, r.folder(), r.rows(), r.images(),
            r.mainFile()));
        r.notes().forEach(n -> pw.println("note: " + n));
      }
      spec.commandLine().getOut().flush();
      return ReidMain.EXIT_OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the catalog's datasets.")
  static final class ListDatasets implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions config = new ConfigOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Catalog catalog = LedgerWiring.openCatalog(config.setup())) {
        List<DatasetListing.Row> rows = DatasetListing.list(catalog);
        if (rows.isEmpty()) {
          out.println("the catalog has no datasets (reid dataset import, or reid run, which"
              + " generates synthetic* and comicgen* datasets)");
        } else {
          out.println(String.format(Locale.ROOT, "%-28s %-20s %8s %10s %10s %11s", "name",
              "format", "series", "sequences", "instances", "identities"));
          for (DatasetListing.Row r : rows) {
            out.println(String.format(Locale.ROOT, "%-28s %-20s %8d %10d %10d %11d", r.name(),
                r.format(), r.series(), r.sequences(), r.instances(), r.identities()));
          }
        }
      }
      out.flush();
      return ReidMain.EXIT_OK;
    }
  }

  @Command(name = "comicgen", mixinStandardHelpOptions = true,
      description = "Generate a sequence dataset of real comic art from the npm package comicgen"
          + " (the comicgen.* keys; written in the sequences format, ready for import).")
  static final class Comicgen implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--sequences", paramLabel = "N", description = "4-panel sequences (default: comicgen.sequences).")
    Integer sequences;

    @Option(names = "--seed", paramLabel = "S", description = "Seed (default: comicgen.seed).")
    Long seed;

    @Option(names = "--import", paramLabel = "NAME", description = "Also import it into the catalog under this name.")
    String importName;

    @CommandLine.Mixin ConfigOptions config = new ConfigOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      List<String> sets = new ArrayList<>(config.sets);
      if (sequences != null) {
        sets.add("comicgen.sequences=" + sequences);
        if (config.sets.stream().noneMatch(x -> x.startsWith("comicgen.series="))) {
          sets.add("comicgen.series=" + Math.max(3, Math.min(sequences, (sequences + 4) / 5)));
        }
      }
      if (seed != null) {
        sets.add("comicgen.seed=" + seed);
      }
      RunSetup setup = RunSetup.resolve(config.config, sets);
      ComicgenSpec cs = DatasetSetup.comicgenSpec(setup.config());
      PrintWriter pw = spec.commandLine().getOut();
      long t0 = System.nanoTime();
      ComicgenKit kit = DatasetSetup.comicgenKit(setup.config());
      if (importName != null) {
        try (Catalog catalog = LedgerWiring.openCatalog(setup)) {
          DatasetSetup.comicgen(catalog, importName, () -> kit, cs, out.toAbsolutePath(), pw);
        }
      } else {
        ComicgenWorld.Summary w = ComicgenWorld.generate(kit, cs, out.toAbsolutePath());
        pw.println(String.format(Locale.ROOT, "comicgen world %s in %s: %d series, %d panels,"
                + " %d sequences, %d instances of %d identities (%.1f s); import it with:"
                + " reid dataset import --format sequences %s", w.hash(), out, w.series(),
            w.panels(), w.sequences(), w.instances(), w.identities(),
            (System.nanoTime() - t0) / 1e9, out));
      }
      pw.flush();
      return ReidMain.EXIT_OK;
    }
  }
}

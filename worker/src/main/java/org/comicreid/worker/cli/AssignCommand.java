package org.comicreid.worker.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.comicreid.activities.stages.Artifacts;
import org.comicreid.activities.stages.ClusterActivitiesImpl;
import org.comicreid.activities.stages.DetectActivitiesImpl;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.images.CropStore;
import org.comicreid.catalog.ledger.CatalogStageLedger;
import org.comicreid.catalog.repository.DatasetRepository;
import org.comicreid.catalog.repository.DatasetSnapshots;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.clustering.Linkage;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.PartKind;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.experiments.report.TrackedRuns;
import org.comicreid.experiments.tracking.Tracker;
import org.comicreid.learning.detect.DetectedBox;
import org.comicreid.learning.detect.TorchScriptDetector;
import org.comicreid.worker.assign.Assigner;
import org.comicreid.worker.assign.PanelSequences;
import org.comicreid.worker.assign.TrainedRun;
import org.comicreid.worker.setup.LedgerWiring;
import org.comicreid.worker.setup.RunSetup;
import org.comicreid.worker.setup.TrackingWiring;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reid assign}: applies a finished pipeline to sequences, as its cluster stage does on the
 * test split: the trained model's fused embedding of every character instance, then per-sequence
 * agglomerative clustering at the selected threshold. The sequences are a catalog dataset's
 * (its stored boxes) or a directory of new panel images (boxes from {@code --detections} or the
 * run's detector). Writes {@code assignments.json} and {@code panels/<sequence>.png}.
 */
@Command(
    name = "assign",
    mixinStandardHelpOptions = true,
    description = {
      "Assign identities in 4-panel sequences with a trained run: the run's model, threshold and"
          + " per-sequence clustering, as its cluster stage does.",
      "Writes <out>/assignments.json and <out>/panels/<sequence>.png (boxes coloured by identity)."
    })
public final class AssignCommand implements Callable<Integer> {

  @Option(names = "--run", required = true, paramLabel = "RUN",
      description = "The trained pipeline: its workflow id (<experiment>-<hash>, as reid run prints"
          + " it), its reid run --json report file, or its tracked run id (MLflow or local).")
  String run;

  @Option(names = "--panels", required = true, paramLabel = "DATASET_OR_DIR",
      description = "A catalog dataset name (its sequences and stored boxes), or a directory with"
          + " one sub-directory per sequence holding its panel images in reading (name) order.")
  String panels;

  @Option(names = "--split", paramLabel = "SPLIT",
      description = "With a dataset: train, val, test (default) or all.")
  String split;

  @Option(names = "--detections", paramLabel = "FILE",
      description = "With a directory: the boxes, a JSON array of {\"image\": \"<sequence>/<file>\","
          + " \"faces\": [[x1,y1,x2,y2,score],...], \"bodies\": [...]} (DASS per-panel shape)."
          + " Without it the run's detector runs (detect.source=detector, detect.model).")
  Path detections;

  @Option(names = "--threshold", paramLabel = "T",
      description = "Distance threshold instead of the run's (cluster.threshold, else the one"
          + " threshold selection chose).")
  Double threshold;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output directory (default: <paths.workdir>/assign/<workflow id>-<panels>);"
          + " an earlier assign output there is replaced.")
  Path out;

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML config naming the catalog, artifacts and tracker (as for reid run).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
  List<String> sets = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter pw = spec.commandLine().getOut();
    RunSetup setup = RunSetup.resolve(config, sets);
    if (threshold != null && (!(threshold >= 0) || threshold.isInfinite())) {
      throw new ReidInputException("--threshold " + threshold + ": expected a finite number >= 0");
    }
    Tracker[] tracker = new Tracker[1];
    try (Catalog catalog = LedgerWiring.openCatalog(setup)) {
      try {
        TrainedRun trained = TrainedRun.resolve(run, new CatalogStageLedger(catalog), () -> {
          tracker[0] = TrackingWiring.open(setup, () -> new TrackingStore(catalog));
          return TrackedRuns.reader(tracker[0]);
        });
        return assign(setup, catalog, trained, pw);
      } finally {
        if (tracker[0] != null) {
          tracker[0].close();
        }
      }
    }
  }

  private Integer assign(RunSetup setup, Catalog catalog, TrainedRun trained, PrintWriter pw) {
    double selected = trained.selectThreshold().threshold();
    double t;
    String tSource;
    Map<String, String> clusterParams;
    String clusterFrom;
    if (trained.clustered()) {
      clusterParams = trained.params(Stage.CLUSTER);
      clusterFrom = "the run's cluster stage";
    } else {
      clusterParams = new HashMap<>();
      clusterParams.put("cluster.threshold", setup.resolved().get("cluster.threshold"));
      clusterParams.put("cluster.linkage", setup.resolved().get("cluster.linkage"));
      clusterFrom = "the config (the run's cluster stage has not finished)";
    }
    if (threshold != null) {
      t = threshold;
      tSource = "--threshold";
    } else {
      t = ClusterActivitiesImpl.threshold(clusterParams, selected);
      tSource = Double.parseDouble(clusterParams.get("cluster.threshold")) > 0
          ? "cluster.threshold of " + clusterFrom
          : "threshold stage, rule " + trained.params(Stage.SELECT_THRESHOLD)
              .getOrDefault("threshold.rule", "?");
    }
    Linkage linkage = ClusterActivitiesImpl.linkage(clusterParams);

    Map<String, Object> source = new LinkedHashMap<>();
    List<PanelSequences.Sequence> sequences;
    String panelsName;
    Path dir = Path.of(panels);
    boolean isDir = Files.isDirectory(dir);
    if (!isDir && (panels.contains("/") || panels.contains("\\")
        || new DatasetRepository(catalog).findByName(panels).isEmpty())) {
      throw new ReidInputException("--panels '" + panels + "': neither a directory nor a dataset"
          + " in the catalog (reid dataset list shows them); expected a dataset name or a"
          + " directory with one sub-directory per sequence holding its panel images");
    }
    if (isDir) {
      if (split != null) {
        throw new ReidInputException("--split is for a dataset; --panels " + dir
            + " is a directory (every sequence in it is assigned)");
      }
      sequences = fromDirectory(setup, trained, dir, pw);
      panelsName = dir.toAbsolutePath().normalize().getFileName().toString();
      source.put("directory", dir.toAbsolutePath().normalize().toString());
      source.put("detections", detections == null ? "the run's detector"
          : detections.toAbsolutePath().normalize().toString());
    } else {
      if (detections != null) {
        throw new ReidInputException("--detections is for a panels directory; dataset '" + panels
            + "' has its own boxes");
      }
      String sp = split == null ? "test" : split.strip().toLowerCase(Locale.ROOT);
      if (!List.of("train", "val", "test", "all").contains(sp)) {
        throw new ReidInputException("--split '" + split + "': expected train, val, test or all");
      }
      DatasetSnapshot ds = DatasetSnapshots.load(catalog, panels);
      Map<Long, Artifacts.InstanceRow> runCrops = new HashMap<>();
      boolean own = trained.dataset().equals(ds.name() + "@" + ds.contentHash());
      if (own) {
        for (Artifacts.InstanceRow r : Artifacts.instances(Path.of(trained.pair().pairsPath()))) {
          if (r.annotated()) {
            runCrops.put(r.instanceId(), r);
          }
        }
      }
      sequences = PanelSequences.fromDataset(ds, sp, runCrops, trained.params(Stage.PAIR));
      if (sequences.isEmpty()) {
        throw new ReidInputException("--panels " + panels + " --split " + sp + ": the dataset has"
            + " no sequences in that split");
      }
      panelsName = panels + "-" + sp;
      source.put("dataset", ds.name());
      source.put("content_hash", ds.contentHash());
      source.put("split", sp);
      source.put("crops", own ? "the run's pair stage (the dataset it was trained on)"
          : "the stored boxes with the run's pair settings");
    }
    Path target = out != null ? out : setup.typed().paths().workdir().resolve("assign")
        .resolve(safe(trained.workflowId() + "-" + panelsName));
    refuseForeign(target);
    pw.println(String.format(Locale.ROOT, "assign: run %s (%s), threshold %.4f (%s), %s linkage;"
            + " %d sequences", trained.workflowId(), trained.resolvedFrom(), t, tSource,
        linkage.name().toLowerCase(Locale.ROOT), sequences.size()));
    pw.flush();
    CropStore crops = new CropStore(
        setup.typed().paths().artifacts().resolve("cache").resolve("crops"));
    Assigner.Summary s = Assigner.run(
        new Assigner.Settings(trained, t, tSource, linkage, source), sequences, crops, target, pw);
    pw.println(String.format(Locale.ROOT, "assigned %d of %d instances in %d sequences to %d"
            + " identities; %d sheets%s", s.assigned(), s.instances(), s.sequences(),
        s.identities(), s.sheets(), s.skippedSheets().isEmpty() ? ""
            : " (skipped " + s.skippedSheets().size() + ": " + s.skippedSheets().get(0)
                + (s.skippedSheets().size() > 1 ? ", ..." : "") + ")"));
    pw.println("wrote " + s.out().resolve(Assigner.JSON) + " and " + s.out().resolve(Assigner.PANELS)
        + "/");
    pw.flush();
    return ReidMain.EXIT_OK;
  }

  private List<PanelSequences.Sequence> fromDirectory(RunSetup setup, TrainedRun trained,
      Path dir, PrintWriter pw) {
    Map<String, List<Path>> layout = PanelSequences.layout(dir);
    Map<Path, int[]> sizes = PanelSequences.sizes(layout);
    Map<String, String> pairParams = trained.params(Stage.PAIR);
    if (detections != null) {
      Map<Path, PanelSequences.PanelBoxes> boxes =
          PanelSequences.readDetections(detections, dir, sizes);
      return PanelSequences.fromDirectory(layout, sizes, boxes::get, pairParams);
    }
    Map<String, String> detect = trained.params(Stage.DETECT);
    if (!"detector".equals(detect.get("detect.source"))
        || detect.getOrDefault("detect.model", "").isBlank()) {
      throw new ReidInputException("--panels " + dir + ": no boxes for these panels: run "
          + trained.workflowId() + " has no detector to run on raw panels (its detect.source is '"
          + detect.get("detect.source") + "'"
          + (detect.getOrDefault("detect.model", "").isBlank() ? ", detect.model is empty" : "")
          + "); pass --detections FILE, or use a run made with --set detect.source=detector"
          + " --set detect.model=<TorchScript detector>");
    }
    String device = setup.typed().worker().device().name().toLowerCase(Locale.ROOT);
    Map<Path, PanelSequences.PanelBoxes> boxes = new HashMap<>();
    try (TorchScriptDetector det =
        TorchScriptDetector.load(DetectActivitiesImpl.detectorSettings(detect, device))) {
      int n = 0;
      for (Path img : sizes.keySet()) {
        List<org.comicreid.core.dataset.Box> faces = new ArrayList<>();
        List<org.comicreid.core.dataset.Box> bodies = new ArrayList<>();
        for (DetectedBox b : det.detect(CropStore.image(img))) {
          (b.kind() == PartKind.FACE ? faces : bodies).add(b.box());
        }
        boxes.put(img, new PanelSequences.PanelBoxes(faces, bodies));
        if (++n % 50 == 0 || n == sizes.size()) {
          pw.println("assign: detected " + n + "/" + sizes.size() + " panels");
          pw.flush();
        }
      }
    }
    return PanelSequences.fromDirectory(layout, sizes, boxes::get, pairParams);
  }

  /** Refuses to replace a non-empty directory that is not an earlier assign output. */
  private static void refuseForeign(Path target) {
    if (!Files.exists(target)) {
      return;
    }
    boolean empty;
    try (var s = Files.list(target)) {
      empty = s.findAny().isEmpty();
    } catch (java.io.IOException e) {
      throw new ReidInputException("--out " + target + ": not a directory we can list: "
          + e.getMessage());
    }
    if (!empty && !Files.isRegularFile(target.resolve(Assigner.JSON))) {
      throw new ReidInputException("--out " + target + ": exists and is not an earlier reid assign"
          + " output (no " + Assigner.JSON + "); pick another directory");
    }
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._+-]", "_");
  }
}

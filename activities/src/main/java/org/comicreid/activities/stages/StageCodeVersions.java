package org.comicreid.activities.stages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.comicreid.catalog.images.CropStore;
import org.comicreid.catalog.repository.DatasetSnapshots;
import org.comicreid.core.baselines.ColorHistogram;
import org.comicreid.core.clustering.AgglomerativeClustering;
import org.comicreid.core.dataset.InstanceRecord;
import org.comicreid.core.evaluation.LocalEvaluation;
import org.comicreid.core.linking.SequenceLinker;
import org.comicreid.core.metrics.RetrievalMetrics;
import org.comicreid.core.mining.IdentityCliques;
import org.comicreid.core.pairing.FaceBodyPairing;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.threshold.ThresholdSelection;
import org.comicreid.learning.augment.StrongAugment;
import org.comicreid.learning.checkpoint.Checkpoints;
import org.comicreid.learning.data.CropImage;
import org.comicreid.learning.detect.TorchScriptDetector;
import org.comicreid.learning.device.DeviceSelection;
import org.comicreid.learning.embed.FeatureExtractor;
import org.comicreid.learning.finetune.FineTuneTrainer;
import org.comicreid.learning.kernels.TorchDistanceTileKernel;
import org.comicreid.learning.loss.Objective;
import org.comicreid.learning.model.ReidNetwork;
import org.comicreid.learning.optim.AdamWOptimizer;
import org.comicreid.learning.pretrain.PretrainTrainer;
import org.comicreid.learning.training.Params;

/**
 * The version of the code that computes each stage, part of the stage's key (so a changed stage
 * implementation invalidates exactly that stage and its downstream, as a changed config or dataset
 * does).
 *
 * <p>A stage's version is the sha256 (first 16 hex) over the compiled class files of its code
 * roots: its activity implementation, the shared stage support, and the library packages that
 * compute its result (for example pretraining's trainer, model, losses, augmentations and
 * optimiser). Class files, not the git commit, because a commit changes with every edit anywhere
 * (docs, other stages, tests), and a dirty working tree has no commit at all; the same source
 * compiled by the same compiler gives the same bytes. Left out on purpose: the CLI, tracking,
 * workflow code, plots and reports, which do not change what a stage computes. A root is named by
 * one of its classes, so a moved or renamed package fails to compile here instead of silently
 * dropping out of the version.
 */
public final class StageCodeVersions {

  /** A package (every class in it, nested ones included) or one class (with its nested classes). */
  record Root(Class<?> marker, boolean wholePackage) {
    static Root pkg(Class<?> marker) {
      return new Root(marker, true);
    }

    static Root cls(Class<?> c) {
      return new Root(c, false);
    }

    String describe() {
      return wholePackage ? marker.getPackageName() + ".*" : marker.getName();
    }
  }

  private static final List<Root> SHARED = List.of(
      Root.cls(StageSupport.class), Root.cls(StageContext.class), Root.cls(StageEnvironment.class),
      Root.cls(StagingDir.class), Root.cls(Artifacts.class), Root.cls(EmbeddingTables.class),
      Root.cls(StageParams.class),
      Root.cls(Tsv.class),
      Root.pkg(InstanceRecord.class), Root.pkg(CropStore.class));

  private static final List<Root> TRAINING = List.of(
      Root.cls(TrainingProgress.class),
      Root.cls(TrainingHeartbeat.class),
      Root.cls(TrainingFault.class),
      Root.pkg(ReidNetwork.class), Root.pkg(Objective.class), Root.pkg(StrongAugment.class),
      Root.pkg(AdamWOptimizer.class), Root.pkg(Params.class), Root.pkg(Checkpoints.class),
      Root.pkg(CropImage.class), Root.pkg(DeviceSelection.class));

  private static final Map<Stage, List<Root>> ROOTS = new EnumMap<>(Stage.class);

  static {
    ROOTS.put(Stage.DETECT, List.of(Root.cls(DetectActivitiesImpl.class),
        Root.pkg(TorchScriptDetector.class), Root.pkg(DeviceSelection.class),
        Root.pkg(DatasetSnapshots.class), Root.pkg(FaceBodyPairing.class)));
    ROOTS.put(Stage.PAIR, List.of(Root.cls(PairActivitiesImpl.class),
        Root.pkg(FaceBodyPairing.class)));
    List<Root> pretrain = new ArrayList<>(TRAINING);
    pretrain.add(Root.cls(PretrainActivitiesImpl.class));
    pretrain.add(Root.pkg(PretrainTrainer.class));
    ROOTS.put(Stage.PRETRAIN, pretrain);
    ROOTS.put(Stage.LINK_SEQUENCES, List.of(Root.cls(LinkSequencesActivitiesImpl.class),
        Root.pkg(SequenceLinker.class)));
    ROOTS.put(Stage.META_MINE, List.of(Root.cls(MetaMineActivitiesImpl.class),
        Root.pkg(IdentityCliques.class)));
    List<Root> fineTune = new ArrayList<>(TRAINING);
    fineTune.addAll(List.of(Root.cls(FineTuneActivitiesImpl.class), Root.cls(FineTuneInputs.class),
        Root.cls(TrainedModel.class),
        Root.cls(ImagenetBaseline.class), Root.cls(FeatureCache.class),
        Root.pkg(FineTuneTrainer.class), Root.pkg(FeatureExtractor.class),
        Root.pkg(ColorHistogram.class), Root.pkg(IdentityCliques.class),
        Root.pkg(RetrievalMetrics.class), Root.pkg(LocalEvaluation.class)));
    ROOTS.put(Stage.FINE_TUNE, fineTune);
    ROOTS.put(Stage.SELECT_THRESHOLD, List.of(Root.cls(SelectThresholdActivitiesImpl.class),
        Root.pkg(ThresholdSelection.class), Root.pkg(RetrievalMetrics.class)));
    ROOTS.put(Stage.CLUSTER, List.of(Root.cls(ClusterActivitiesImpl.class),
        Root.pkg(AgglomerativeClustering.class)));
    ROOTS.put(Stage.EVALUATE, List.of(Root.cls(EvaluateActivitiesImpl.class),
        Root.pkg(LocalEvaluation.class), Root.pkg(RetrievalMetrics.class),
        Root.pkg(ColorHistogram.class), Root.pkg(IdentityCliques.class),
        Root.pkg(TorchDistanceTileKernel.class)));
  }

  private static volatile Map<Stage, String> current;

  private StageCodeVersions() {}

  /** The code version of every stage in this build (computed once per process). */
  public static Map<Stage, String> current() {
    Map<Stage, String> c = current;
    if (c == null) {
      Map<Stage, String> m = new EnumMap<>(Stage.class);
      for (Stage s : Stage.inOrder()) {
        List<Root> roots = new ArrayList<>(SHARED);
        roots.addAll(ROOTS.get(s));
        m.put(s, version(roots));
      }
      c = Collections.unmodifiableMap(m);
      current = c;
    }
    return c;
  }

  /** What a stage's version covers, one root per line (for {@code reid cache} and docs). */
  public static List<String> rootsOf(Stage stage) {
    List<String> out = new ArrayList<>();
    for (Root r : SHARED) {
      out.add(r.describe());
    }
    for (Root r : ROOTS.get(stage)) {
      out.add(r.describe());
    }
    return out;
  }

  /** sha256 (first 16 hex) over the names and bytes of the class files of {@code roots}. */
  static String version(List<Root> roots) {
    // name -> bytes, de-duplicated (roots may overlap) and sorted, so order does not matter
    Map<String, byte[]> files = new TreeMap<>();
    for (Root r : roots) {
      files.putAll(classFiles(r));
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      sha.update(Integer.toString(name.length).getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) ':');
      sha.update(name);
      sha.update(Integer.toString(e.getValue().length).getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) ':');
      sha.update(e.getValue());
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }

  /** The class files of one root, by their path in the class path (e.g. {@code a/b/C.class}). */
  static Map<String, byte[]> classFiles(Root root) {
    String pkgDir = root.marker().getPackageName().replace('.', '/');
    String simple = root.marker().getName().substring(root.marker().getName().lastIndexOf('.') + 1);
    URL location = root.marker().getProtectionDomain().getCodeSource() == null ? null
        : root.marker().getProtectionDomain().getCodeSource().getLocation();
    if (location == null) {
      throw new IllegalStateException("cannot locate the class files of " + root.describe());
    }
    Map<String, byte[]> out = new TreeMap<>();
    try {
      Path where = Path.of(location.toURI());
      if (Files.isDirectory(where)) {
        Path dir = where.resolve(pkgDir);
        try (Stream<Path> s = Files.list(dir)) {
          for (Path f : (Iterable<Path>) s::iterator) {
            String name = f.getFileName().toString();
            if (name.endsWith(".class") && covers(root, simple, name)) {
              out.put(pkgDir + "/" + name, Files.readAllBytes(f));
            }
          }
        }
      } else {
        try (JarFile jar = new JarFile(where.toFile())) {
          for (JarEntry e : Collections.list(jar.entries())) {
            String n = e.getName();
            int slash = n.lastIndexOf('/');
            if (!e.isDirectory() && n.endsWith(".class") && slash == pkgDir.length()
                && n.startsWith(pkgDir + "/") && covers(root, simple, n.substring(slash + 1))) {
              try (InputStream in = jar.getInputStream(e)) {
                out.put(n, in.readAllBytes());
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the class files of " + root.describe(), e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad class path location " + location, e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no class files found for " + root.describe() + " in "
          + location);
    }
    return out;
  }

  private static boolean covers(Root root, String simple, String fileName) {
    return root.wholePackage() || fileName.equals(simple + ".class")
        || fileName.startsWith(simple + "$");
  }
}

package org.comicreid.activities.stages;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.evaluation.GlobalEvaluation;
import org.comicreid.core.evaluation.GlobalQuerySet;
import org.comicreid.core.metrics.ReferenceRetrievalEngine;
import org.comicreid.core.mining.IdentityClique;
import org.comicreid.core.pipeline.FineTuneInput;
import org.comicreid.core.pipeline.FineTuneOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.provenance.ContentHash;
import org.comicreid.learning.finetune.FineTuneData;
import org.comicreid.learning.finetune.FineTuneResult;
import org.comicreid.learning.finetune.FineTuneSettings;
import org.comicreid.learning.finetune.FineTuneTrainer;
import org.comicreid.learning.finetune.IdentityHead;
import org.comicreid.learning.finetune.MiningGroup;
import org.comicreid.learning.finetune.Parts;
import org.comicreid.learning.finetune.SingleIdentityGroups;
import org.comicreid.workflows.activities.FineTuneActivities;

/**
 * Fine-tune (paper 3.3, F.6, Appendix G; FACTS "Fine-tuning"): the pretrained backbone is frozen
 * and cut at the middle of the projection head; its features of every annotated instance are
 * computed once and cached by content hash (checkpoint + crops). A linear identity layer ({@code
 * finetune.out_dim}) on top, face and body fused ({@code finetune.fusion}, a missing part padded
 * per {@code finetune.padding}), L2-normalised, is trained with the objective of {@code
 * finetune.loss}/{@code finetune.miner} inside the TRAIN split's cliques (meta-mining), AdamW,
 * ExponentialLR, early stopping on the validation split's global MAP@R (F.3 query set). Options
 * of Appendix G: random masking ({@code finetune.mask_p}), the parts used ({@code
 * finetune.parts}), artificial negatives between single-identity characters ({@code
 * finetune.single_identity}, see {@link SingleIdentityGroups}). Resumable like pretrain. Writes
 * {@code model.ckpt} (the best head) and {@code embeddings.tsv} (see {@link FineTuneInputs}).
 *
 * <p>Mining groups (cliques) left with fewer than two instances after the parts filter are
 * dropped, as they cannot give a pair.
 */
public final class FineTuneActivitiesImpl extends StageSupport implements FineTuneActivities {
  private static final int HEAD_DIM = 128;
  private final TrainingFault fault;

  public FineTuneActivitiesImpl(StageEnvironment env) {
    this(env, TrainingFault.NONE);
  }

  public FineTuneActivitiesImpl(StageEnvironment env, TrainingFault fault) {
    super(env, Stage.FINE_TUNE);
    this.fault = fault;
  }

  /** Frozen features of the annotated instances: middle (D) and head (128) per part, null = missing. */
  record Frozen(int dim, Map<Long, float[][]> byInstance) {}

  @Override
  public FineTuneOutput fineTune(FineTuneInput in) {
    StageParams p = new StageParams(in.params());
    FineTuneInputs.Options options = FineTuneInputs.read(p,
        FineTuneInputs.pretrainVariant(in.params(), in.pretrain().provenance()));
    FineTuneSettings settings = options.settings();
    Parts parts = options.parts();
    List<Artifacts.InstanceRow> rows = new ArrayList<>();
    for (Artifacts.InstanceRow r : Artifacts.instances(Path.of(in.pair().pairsPath()))) {
      if (r.annotated()) {
        rows.add(r);
      }
    }
    Frozen frozen = features(in, rows);
    List<Artifacts.IdentityRow> identities = Artifacts.identities(Path.of(in.linkSequences().sequencesPath()));
    Map<Long, Integer> identityOf = new HashMap<>();
    Map<Long, String> splitOf = new HashMap<>();
    Map<Long, String> seriesOf = new HashMap<>();
    for (Artifacts.IdentityRow id : identities) {
      for (long i : id.instances()) {
        identityOf.put(i, id.id());
        splitOf.put(i, id.split());
        seriesOf.put(i, id.series());
      }
    }
    List<Artifacts.CliqueRow> cliques = Artifacts.cliques(Path.of(in.metaMine().cliquesPath()));
    Split base = split("train", rows, frozen, identityOf, seriesOf, splitOf, cliques, identities,
        parts);
    Split train = withSingles(base, options, identities, cliques, true);
    Split val = split("val", rows, frozen, identityOf, seriesOf, splitOf, cliques, identities, parts);
    String singles = options.singleIdentity() ? ", " + (train.data.groups().size()
        - base.data.groups().size()) + " single-identity groups" : "";
    if (train.data.groups().isEmpty()) {
      throw new ReidInputException("fine-tuning needs cliques in the train split; meta-mine found none"
          + " (are there train sequences with two or more characters?)");
    }
    if (val.query.queryRows().length == 0 || val.query.referenceRows().length == 0) {
      throw new ReidInputException("early stopping needs a validation query set; the val split gives "
          + val.query.queryRows().length + " queries and " + val.query.referenceRows().length
          + " references (too few val sequences or cliques?)");
    }
    ReferenceRetrievalEngine engine = new ReferenceRetrievalEngine();
    ToDoubleFunction<float[][]> validate = emb -> GlobalEvaluation.evaluate(
        EmbeddingTables.labelled(emb, val.labels), val.query, true, engine).mapAtR();
    StageContext ctx = StageContext.current();
    Path ckDir = Path.of(in.artifactDir() + ".checkpoints");
    Optional<Path> resume = resumePoint(ctx, ckDir);
    Split trainSplit = train;
    say(String.format(Locale.ROOT, "%d train instances in %d mining groups of %d series%s; %d"
            + " validation instances (%d queries); %d-d features -> %d-d; loss %s, miner %s, %s"
            + " distance, fusion %s, %s padding, mask_p %s, parts %s%s",
        train.data.instances().size(), train.data.groups().size(), train.seriesCount, singles,
        val.data.instances().size(), val.query.queryRows().length, frozen.dim(), settings.outDim(),
        settings.objective().loss(), settings.objective().miner(),
        settings.objective().distance().name().toLowerCase(Locale.ROOT), settings.fusion().key(),
        settings.padding().key(), settings.maskP(), parts.name().toLowerCase(Locale.ROOT),
        resume.map(r -> ", resuming from " + r.getFileName()).orElse("")));
    TrainingProgress monitor = new TrainingProgress(this, in, ctx, fault,
        resume.map(Path::toString).orElse(null), ckDir);
    FineTuneResult result = attempt(ctx,
        () -> FineTuneTrainer.train(settings, trainSplit.data, validate, val.data, ckDir, resume,
            monitor));

    Optional<ImagenetBaseline.Features> imagenet =
        ImagenetBaseline.features(env, p, Path.of(in.pair().pairsPath()), rows);
    Path imagenetBest = null;
    if (imagenet.isPresent()) {
      imagenetBest = trainImagenetHead(imagenet.get(), rows, identityOf, seriesOf, splitOf, cliques,
          identities, options, engine, Path.of(in.artifactDir() + ".checkpoints-imagenet"), ctx,
          monitor);
    } else {
      say("ImageNet baseline (F.4) skipped: " + ImagenetBaseline.KEY + " is not set");
    }

    Path file;
    String sha;
    List<String> plots;
    try (StagingDir out = StagingDir.begin(Path.of(in.artifactDir()));
        NDManager manager = NDManager.newBaseManager()) {
      IdentityHead head = FineTuneTrainer.loadHead(result.bestCheckpoint(), manager);
      List<FineTuneInputs.Source> sources = new ArrayList<>();
      for (Artifacts.InstanceRow r : rows) {
        String split = splitOf.getOrDefault(r.instanceId(), "");
        if (split.equals("val") || split.equals("test")) {
          float[][] f = frozen.byInstance().get(r.instanceId());
          sources.add(new FineTuneInputs.Source(r.instanceId(), split, f[0], f[1], f[2], f[3]));
        }
      }
      List<List<String>> embRows = FineTuneInputs.embeddingRows(head, parts, sources, HEAD_DIM);
      List<String> columns = FineTuneInputs.COLUMNS;
      if (imagenetBest != null) {
        IdentityHead inHead = FineTuneTrainer.loadHead(imagenetBest, manager);
        List<FineTuneInputs.Source> inSources = new ArrayList<>();
        for (FineTuneInputs.Source src : sources) {
          float[][] f = imagenet.get().byInstance().get(src.instanceId());
          inSources.add(new FineTuneInputs.Source(src.instanceId(), src.split(), f[0], f[1], null,
              null));
        }
        embRows = FineTuneInputs.withImagenet(embRows,
            FineTuneInputs.embeddingRows(inHead, parts, inSources, HEAD_DIM));
        columns = FineTuneInputs.COLUMNS_WITH_IMAGENET;
      }
      Tsv.write(out.file("embeddings.tsv"), columns, embRows);
      sha = sha(out.copyIn(result.bestCheckpoint(), "model.ckpt"));
      plots = stageLosses(out, monitor.losses(), "finetune loss (" + settings.objective().loss() + ")");
      out.publish();
      file = out.finalFile("model.ckpt");
    }
    StagingDir.deleteTree(ckDir);
    for (String name : plots) {
      trackArtifact(in, file.resolveSibling(name));
    }
    StagingDir.deleteTree(Path.of(in.artifactDir() + ".checkpoints-imagenet"));
    say(String.format(Locale.ROOT, "%d epochs, best validation MAP@R %.4f at epoch %d, final loss %.4f",
        result.epochsRun(), result.bestScore(), result.bestEpoch() + 1, result.finalLoss()));
    track(in, Map.of("best_val_map_at_r", result.bestScore(), "epochs", (double) result.epochsRun(),
        "best_epoch", (double) result.bestEpoch(), "final_loss", result.finalLoss()));
    return new FineTuneOutput(file.toString(), sha, result.epochsRun(), result.finalLoss(),
        Path.of(in.artifactDir()).resolve("embeddings.tsv").toAbsolutePath().normalize().toString(),
        provenance(in, Map.of("pretrain", in.pretrain().checkpointSha256(),
            "cliques", sha(Path.of(in.metaMine().cliquesPath()))), true));
  }

  /**
   * The ImageNet baseline (paper F.4): the same identity head, settings, parts and mining groups as
   * ours, trained on the frozen ImageNet ResNet-50 features; returns its best checkpoint. A retried
   * attempt trains it again from the start (it is short; only our head's training resumes).
   */
  private Path trainImagenetHead(ImagenetBaseline.Features inf, List<Artifacts.InstanceRow> rows,
      Map<Long, Integer> identityOf, Map<Long, String> seriesOf, Map<Long, String> splitOf,
      List<Artifacts.CliqueRow> cliques, List<Artifacts.IdentityRow> identities,
      FineTuneInputs.Options options, ReferenceRetrievalEngine engine, Path dir, StageContext ctx,
      TrainingProgress main) {
    Map<Long, float[][]> byId = new LinkedHashMap<>();
    inf.byInstance().forEach((id, fb) -> byId.put(id, new float[][] {fb[0], fb[1], null, null}));
    Frozen frozen = new Frozen(inf.dim(), byId);
    Split train = withSingles(split("train", rows, frozen, identityOf, seriesOf, splitOf, cliques,
        identities, options.parts()), options, identities, cliques, false);
    Split val = split("val", rows, frozen, identityOf, seriesOf, splitOf, cliques, identities,
        options.parts());
    ToDoubleFunction<float[][]> validate = emb -> GlobalEvaluation.evaluate(
        EmbeddingTables.labelled(emb, val.labels), val.query, true, engine).mapAtR();
    say(String.format(Locale.ROOT, "ImageNet baseline (F.4): frozen %d-d features of %d faces and"
            + " %d bodies%s; training its %d-d head with the same settings", inf.dim(), inf.faces(),
        inf.bodies(), inf.fromCache() ? " (cached)" : "", options.settings().outDim()));
    StageSupport owner = this;
    org.comicreid.learning.training.TrainingMonitor heartbeat =
        new org.comicreid.learning.training.TrainingMonitor() {
          @Override
          public void onStep(int epoch, int step, long globalStep, long totalSteps, double loss,
              double lr) {
            // keeps our head's resume point: a retry resumes our (finished) training from it
            ctx.heartbeat(new TrainingHeartbeat(epoch, step, globalStep, totalSteps, loss,
                main.lastCheckpoint()));
            owner.tick(String.format(Locale.ROOT, "ImageNet baseline: epoch %d step %d/%d loss %.4f",
                epoch + 1, globalStep, totalSteps, loss));
          }

          @Override
          public void onCheckpoint(Path checkpoint, long globalStep) {}

          @Override
          public boolean cancelled() {
            return false;
          }
        };
    StagingDir.deleteTree(dir);
    FineTuneResult r = attempt(ctx, () -> FineTuneTrainer.train(options.settings(), train.data,
        validate, val.data, dir, Optional.empty(), heartbeat));
    say(String.format(Locale.ROOT, "ImageNet baseline: %d epochs, best validation MAP@R %.4f at"
        + " epoch %d", r.epochsRun(), r.bestScore(), r.bestEpoch() + 1));
    return r.bestCheckpoint();
  }

  /** With {@code finetune.single_identity}: the train split plus its artificial-negative groups. */
  private Split withSingles(Split train, FineTuneInputs.Options options,
      List<Artifacts.IdentityRow> identities, List<Artifacts.CliqueRow> cliques, boolean report) {
    if (!options.singleIdentity()) {
      return train;
    }
    List<SingleIdentityGroups.Singleton> singletons =
        FineTuneInputs.singletons(identities, cliques, "train", train.rowOf);
    List<MiningGroup> extra = SingleIdentityGroups.pair(singletons, options.settings().seed());
    List<MiningGroup> all = new ArrayList<>(train.data.groups());
    all.addAll(extra);
    if (report) {
      long seriesWith = singletons.stream().map(SingleIdentityGroups.Singleton::series).distinct()
          .count();
      say(String.format(Locale.ROOT, "single_identity: %d artificial-negative groups added from %d"
          + " single-identity characters of %d series", extra.size(), singletons.size(), seriesWith));
    }
    return new Split(new FineTuneData(train.data.featureDim(), train.data.instances(), all),
        train.labels, train.query, train.seriesCount, train.rowOf);
  }

  /**
   * One split's fine-tuning data (instances as {@code parts} sees them) with its global query set
   * (for validation) and the data row of each instance id.
   */
  record Split(FineTuneData data, int[] labels, GlobalQuerySet query, int seriesCount,
      Map<Long, Integer> rowOf) {}

  private static Split split(String name, List<Artifacts.InstanceRow> rows, Frozen frozen,
      Map<Long, Integer> identityOf, Map<Long, String> seriesOf, Map<Long, String> splitOf,
      List<Artifacts.CliqueRow> cliques, List<Artifacts.IdentityRow> identities, Parts parts) {
    List<FineTuneData.Instance> insts = new ArrayList<>();
    Map<Long, Integer> index = new HashMap<>();
    List<Integer> labels = new ArrayList<>();
    for (Artifacts.InstanceRow r : rows) {
      Integer id = identityOf.get(r.instanceId());
      if (id == null || !name.equals(splitOf.get(r.instanceId()))) {
        continue;
      }
      float[][] f = frozen.byInstance().get(r.instanceId());
      FineTuneData.Instance inst =
          parts.apply(new FineTuneData.Instance(f[0], f[1], id, seriesOf.get(r.instanceId())));
      if (inst == null) {
        continue;
      }
      index.put(r.instanceId(), insts.size());
      insts.add(inst);
      labels.add(id);
    }
    List<MiningGroup> groups = new ArrayList<>();
    Map<String, List<IdentityClique>> bySeries = new LinkedHashMap<>();
    Map<Integer, List<Integer>> rowsOfIdentity = new HashMap<>();
    for (Artifacts.CliqueRow c : cliques) {
      if (!c.split().equals(name)) {
        continue;
      }
      List<Integer> members = new ArrayList<>();
      for (int m : c.members()) {
        List<Integer> rs = new ArrayList<>();
        for (long inst : identities.get(m).instances()) {
          Integer row = index.get(inst);
          if (row != null) {
            members.add(row);
            rs.add(row);
          }
        }
        rowsOfIdentity.put(m, rs);
      }
      if (members.size() >= 2) {
        groups.add(new MiningGroup(c.series(), members.stream().mapToInt(Integer::intValue).sorted().toArray()));
      }
      bySeries.computeIfAbsent(c.series(), x -> new ArrayList<>())
          .add(new IdentityClique(c.id(), c.series(), c.members(), c.instanceCount()));
    }
    List<GlobalQuerySet.Series> series = new ArrayList<>();
    bySeries.forEach((s, cs) -> series.add(new GlobalQuerySet.Series(s, cs, rowsOfIdentity)));
    GlobalQuerySet q = GlobalQuerySet.build(series);
    return new Split(new FineTuneData(frozen.dim(), insts, groups),
        labels.stream().mapToInt(Integer::intValue).toArray(), q, bySeries.size(), index);
  }

  /** The frozen features, from the cache or computed (and cached, atomically). */
  private Frozen features(FineTuneInput in, List<Artifacts.InstanceRow> rows) {
    org.comicreid.learning.augment.Normalize normalize =
        org.comicreid.learning.augment.Normalize.fromConfig(in.params());
    String key = ContentHash.sha256("features-v1|" + in.pretrain().checkpointSha256() + "|"
        + sha(Path.of(in.pair().pairsPath())) + "|" + normalize.mean() + "/" + normalize.std());
    Path file = env.cacheDir().resolve("features").resolve(key + ".bin");
    if (Files.isRegularFile(file)) {
      Frozen f = readFeatures(file);
      say("frozen features of " + f.byInstance().size() + " instances from the cache");
      return f;
    }
    long t0 = System.nanoTime();
    List<TrainedModel.Crops> crops = new ArrayList<>(rows.size());
    int faces = 0;
    int bodies = 0;
    for (Artifacts.InstanceRow r : rows) {
      crops.add(new TrainedModel.Crops(r.instanceId(), r.faceCrop(), r.bodyCrop()));
      faces += r.faceCrop().isEmpty() ? 0 : 1;
      bodies += r.bodyCrop().isEmpty() ? 0 : 1;
    }
    FeatureCache.Table t = TrainedModel.features(Path.of(in.pretrain().checkpointPath()), normalize,
        crops, env.crops());
    Frozen frozen = new Frozen(t.dim(), t.byInstance());
    writeFeatures(file, frozen);
    say(String.format(Locale.ROOT, "frozen features of %d instances (%d faces, %d bodies) in %.1f s",
        rows.size(), faces, bodies, (System.nanoTime() - t0) / 1e9));
    return frozen;
  }

  private static void writeFeatures(Path file, Frozen f) {
    FeatureCache.write(file, new FeatureCache.Table(f.dim(), f.byInstance()));
  }

  private static Frozen readFeatures(Path file) {
    FeatureCache.Table t = FeatureCache.read(file, 4);
    return new Frozen(t.dim(), t.byInstance());
  }

}

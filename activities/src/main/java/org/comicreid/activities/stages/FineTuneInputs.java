package org.comicreid.activities.stages;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.baselines.Fusion;
import org.comicreid.learning.finetune.FineTuneData;
import org.comicreid.learning.finetune.FineTuneSettings;
import org.comicreid.learning.finetune.HeadFusion;
import org.comicreid.learning.finetune.IdentityHead;
import org.comicreid.learning.finetune.Padding;
import org.comicreid.learning.finetune.Parts;
import org.comicreid.learning.finetune.SingleIdentityGroups;
import org.comicreid.learning.loss.Distance;
import org.comicreid.learning.loss.ObjectiveSpec;

/**
 * What the fine-tune stage derives from its inputs, apart from training: its options read from
 * the config slice, the singleton characters of {@code finetune.single_identity}, and the rows of
 * {@code embeddings.tsv}.
 *
 * <p><b>{@code pretrain.variant}</b> (for {@code finetune.parts=auto}) is not one of the fine-tune
 * stage's own keys: it is read from the stage params when present, else from the pretrain output's
 * provenance ({@code config.pretrain.variant}), else taken as {@code aligned}.
 *
 * <p><b>{@code embeddings.tsv}</b> has exactly the columns {@link #COLUMNS}, one row per validation
 * and test instance. {@code semi} is the fused embedding of the instance as {@code finetune.parts}
 * sees it; {@code semi_face} the embedding with only its face present (the body treated as
 * missing, i.e. padded), {@code semi_body} likewise; {@code ssl} the sum of the self-supervised
 * face and body head outputs (each L2-normalised, the sum is not), {@code ssl_face} and {@code
 * ssl_body} the head outputs alone. A cell is empty when the instance lacks that part; the {@code
 * ssl*} cells, like the {@code semi*} cells, follow the parts fine-tuning uses
 * (under {@code parts=face}, {@code semi_body} is empty and {@code semi} equals {@code semi_face}).
 * Under {@code parts=face} or {@code body}, an instance lacking that part has no row at all (the
 * model cannot embed it, and it was dropped from training and validation too).
 */
final class FineTuneInputs {

  /** The columns of {@code embeddings.tsv}, in order. */
  static final List<String> COLUMNS =
      List.of("instance_id", "split", "semi", "ssl", "semi_face", "semi_body", "ssl_face", "ssl_body");

  /** {@link #COLUMNS} followed by the ImageNet baseline's {@code imagenet, imagenet_face, imagenet_body}. */
  static final List<String> COLUMNS_WITH_IMAGENET;

  static {
    List<String> c = new ArrayList<>(COLUMNS);
    c.addAll(EmbeddingTables.IMAGENET_COLUMNS);
    COLUMNS_WITH_IMAGENET = List.copyOf(c);
  }

  private FineTuneInputs() {}

  /**
   * Our rows ({@link #COLUMNS}) with the ImageNet head's {@code semi}, {@code semi_face} and
   * {@code semi_body} cells appended as {@code imagenet, imagenet_face, imagenet_body}, matched by
   * instance id (both come from {@link #embeddingRows} over the same instances).
   */
  static List<List<String>> withImagenet(List<List<String>> ours, List<List<String>> imagenet) {
    Map<String, List<String>> byId = new java.util.HashMap<>();
    for (List<String> r : imagenet) {
      byId.put(r.get(0), r);
    }
    List<List<String>> out = new ArrayList<>(ours.size());
    for (List<String> r : ours) {
      List<String> in = byId.get(r.get(0));
      if (in == null) {
        throw new IllegalStateException("instance " + r.get(0) + " has no ImageNet baseline row");
      }
      List<String> row = new ArrayList<>(r);
      row.add(in.get(COLUMNS.indexOf("semi")));
      row.add(in.get(COLUMNS.indexOf("semi_face")));
      row.add(in.get(COLUMNS.indexOf("semi_body")));
      out.add(row);
    }
    return out;
  }

  /** The options of one fine-tuning run. */
  record Options(FineTuneSettings settings, Parts parts, boolean singleIdentity) {}

  /**
   * Reads the {@code finetune.*} keys (and {@code experiment.seed}); a bad value is an input
   * error naming the key and the value.
   *
   * @param pretrainVariant the value of {@code pretrain.variant} (see {@link #pretrainVariant})
   */
  static Options read(StageParams p, String pretrainVariant) {
    try {
      FineTuneSettings settings = new FineTuneSettings(p.integer("finetune.out_dim"),
          p.dbl("finetune.lr"), p.dbl("finetune.weight_decay"), p.dbl("finetune.gamma"),
          p.integer("finetune.epochs"), p.integer("finetune.series_per_batch"),
          p.integer("finetune.patience"), p.dbl("finetune.grad_clip"), objective(p),
          p.bool("finetune.mix_series"), HeadFusion.parse(p.string("finetune.fusion")),
          Padding.parse(p.string("finetune.padding")), p.dbl("finetune.mask_p"), p.seed("finetune"), 0);
      Parts parts = Parts.resolve(p.string("finetune.parts"), pretrainVariant);
      return new Options(settings, parts, p.bool("finetune.single_identity"));
    } catch (IllegalArgumentException e) {
      throw new ReidInputException(named(e.getMessage(), ""));
    }
  }

  /** "key: message" as "stage parameter 'prefix+key': message"; other messages as they are. */
  private static String named(String message, String prefix) {
    int c = message == null ? -1 : message.indexOf(": ");
    if (c <= 0 || message.substring(0, c).contains(" ")) {
      return "fine-tuning: " + message;
    }
    return "stage parameter '" + prefix + message.substring(0, c) + "'" + message.substring(c);
  }

  /** The loss and miner of {@code finetune.loss}, {@code finetune.miner}, {@code finetune.distance} and their parameters. */
  static ObjectiveSpec objective(StageParams p) {
    String loss = p.string("finetune.loss");
    String miner = p.string("finetune.miner");
    String dist = p.string("finetune.distance").strip().toLowerCase(Locale.ROOT);
    Distance distance = switch (dist) {
      case "lp" -> Distance.LP;
      case "cosine" -> Distance.COSINE;
      default -> throw new ReidInputException(
          "stage parameter 'finetune.distance': expected lp or cosine, got '" + dist + "'");
    };
    try {
      return new ObjectiveSpec(loss, miner, distance, p.dbl("finetune.pos_margin"),
          p.dbl("finetune.neg_margin"), p.dbl("finetune.triplet_margin"), p.dbl("finetune.ms_alpha"),
          p.dbl("finetune.ms_beta"), p.dbl("finetune.ms_base"), p.dbl("finetune.miner_epsilon"),
          p.dbl("finetune.tuplet_margin_deg"), p.dbl("finetune.tuplet_scale"),
          p.dbl("finetune.ipv_epsilon"), p.dbl("finetune.tuplet_weight"), p.dbl("finetune.ipv_weight"),
          minerDistance(p.string("finetune.miner_distance"), distance));
    } catch (IllegalArgumentException e) {
      // ObjectiveSpec says "loss: ..." or "miner: ...": name the config key
      throw new ReidInputException(named(e.getMessage(), "finetune."));
    }
  }

  private static Distance minerDistance(String text, Distance lossDistance) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "same" -> lossDistance;
      case "lp" -> Distance.LP;
      case "cosine" -> Distance.COSINE;
      default -> throw new ReidInputException("stage parameter 'finetune.miner_distance': expected"
          + " same, lp or cosine, got '" + text + "'");
    };
  }

  /** {@code pretrain.variant}: from the params, else the pretrain provenance, else {@code aligned}. */
  static String pretrainVariant(Map<String, String> params, Map<String, String> pretrainProvenance) {
    String v = params.get("pretrain.variant");
    if (v == null && pretrainProvenance != null) {
      v = pretrainProvenance.get("config.pretrain.variant");
    }
    return v == null ? "aligned" : v;
  }

  /**
   * The characters of {@code split} that belong to none of its cliques (they co-occur with no
   * other one), with their instances' rows in {@code rowOf} (characters without a row are left
   * out), in identity order.
   */
  static List<SingleIdentityGroups.Singleton> singletons(List<Artifacts.IdentityRow> identities,
      List<Artifacts.CliqueRow> cliques, String split, Map<Long, Integer> rowOf) {
    Set<Integer> inClique = new HashSet<>();
    for (Artifacts.CliqueRow c : cliques) {
      if (c.split().equals(split)) {
        for (int m : c.members()) {
          inClique.add(m);
        }
      }
    }
    List<SingleIdentityGroups.Singleton> out = new ArrayList<>();
    for (Artifacts.IdentityRow id : identities) {
      if (!id.split().equals(split) || inClique.contains(id.id())) {
        continue;
      }
      List<Integer> rows = new ArrayList<>();
      for (long inst : id.instances()) {
        Integer r = rowOf.get(inst);
        if (r != null) {
          rows.add(r);
        }
      }
      if (!rows.isEmpty()) {
        out.add(new SingleIdentityGroups.Singleton(id.series(), id.id(),
            rows.stream().mapToInt(Integer::intValue).toArray()));
      }
    }
    return out;
  }

  /**
   * One instance to embed.
   *
   * @param face middle face feature or null
   * @param body middle body feature or null
   * @param sslFace self-supervised face head output or null
   * @param sslBody self-supervised body head output or null
   */
  record Source(long instanceId, String split, float[] face, float[] body, float[] sslFace,
      float[] sslBody) {}

  /** The rows of {@code embeddings.tsv} (see the class comment), cells as text. */
  static List<List<String>> embeddingRows(IdentityHead head, Parts parts, List<Source> sources,
      int sslDim) {
    List<Source> kept = new ArrayList<>();
    List<FineTuneData.Instance> fused = new ArrayList<>();
    List<FineTuneData.Instance> faces = new ArrayList<>();
    List<FineTuneData.Instance> bodies = new ArrayList<>();
    for (Source s : sources) {
      FineTuneData.Instance x = parts.apply(new FineTuneData.Instance(s.face(), s.body(), 0, ""));
      if (x == null) {
        continue;
      }
      kept.add(s);
      fused.add(x);
      if (x.face() != null) {
        faces.add(new FineTuneData.Instance(x.face(), null, 0, ""));
      }
      if (x.body() != null) {
        bodies.add(new FineTuneData.Instance(null, x.body(), 0, ""));
      }
    }
    float[][] semi = head.embed(fused);
    float[][] semiFace = head.embed(faces);
    float[][] semiBody = head.embed(bodies);
    List<List<String>> out = new ArrayList<>();
    int fi = 0;
    int bi = 0;
    for (int i = 0; i < kept.size(); i++) {
      Source s = kept.get(i);
      FineTuneData.Instance x = fused.get(i);
      String sf = x.face() != null ? Tsv.floats(semiFace[fi++]) : "";
      String sb = x.body() != null ? Tsv.floats(semiBody[bi++]) : "";
      // the self-supervised embedding uses the same parts as the semi-supervised one: a face-only
      // model's network never learned bodies, so its body outputs are not part of its embedding
      float[] sslFace = x.face() != null ? s.sslFace() : null;
      float[] sslBody = x.body() != null ? s.sslBody() : null;
      String ssl = sslFace == null && sslBody == null ? ""
          : Tsv.floats(Fusion.sum(sslFace, sslBody, sslDim));
      out.add(List.of(Long.toString(s.instanceId()), s.split(), Tsv.floats(semi[i]), ssl, sf, sb,
          sslFace == null ? "" : Tsv.floats(sslFace), sslBody == null ? "" : Tsv.floats(sslBody)));
    }
    return out;
  }
}

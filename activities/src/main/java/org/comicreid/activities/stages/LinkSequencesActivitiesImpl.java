package org.comicreid.activities.stages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.SequenceRecord;
import org.comicreid.core.linking.LinkResult;
import org.comicreid.core.linking.SequenceLinker;
import org.comicreid.core.pipeline.LinkSequencesInput;
import org.comicreid.core.pipeline.LinkSequencesOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.workflows.activities.LinkSequencesActivities;

/**
 * Link sequences (paper C.2): sequence-local identities that label a shared character instance
 * are one identity (union-find over instance ids). Writes {@code identities.tsv}: per linked
 * identity its series, split, instances and the identities it is known to differ from. Reports
 * the positive and negative pair counts before and after linking, and, when the dataset keeps a
 * ground truth aside (synthetic worlds), how many linked identities mix two true characters (a
 * linking error) and into how many linked identities the true characters fall.
 */
public final class LinkSequencesActivitiesImpl extends StageSupport implements LinkSequencesActivities {

  public static final List<String> COLUMNS =
      List.of("identity", "name", "series", "split", "instances", "known_different");

  public LinkSequencesActivitiesImpl(StageEnvironment env) {
    super(env, Stage.LINK_SEQUENCES);
  }

  @Override
  public LinkSequencesOutput linkSequences(LinkSequencesInput in) {
    DatasetSnapshot ds = env.dataset(in.datasetKey());
    LinkResult r = SequenceLinker.link(ds.sequences(), ds.identityScope());
    Map<Long, String> splitOfInstance = new HashMap<>();
    for (SequenceRecord s : ds.sequences()) {
      for (Long inst : s.labels().keySet()) {
        splitOfInstance.put(inst, s.split());
      }
    }
    List<List<?>> rows = new ArrayList<>();
    int mixed = 0;
    for (int id = 0; id < r.identitiesAfter(); id++) {
      List<Long> insts = r.identityInstances().get(id);
      long[] ia = insts.stream().mapToLong(Long::longValue).toArray();
      String split = insts.isEmpty() ? "" : splitOfInstance.getOrDefault(insts.get(0), "");
      rows.add(List.of(id, r.identityNames().get(id), r.identitySeries().get(id), split,
          Artifacts.join(ia), Artifacts.join(r.knownDifferent().get(id))));
      if (!ds.truth().isEmpty()) {
        Set<String> truths = new HashSet<>();
        for (Long i : insts) {
          truths.add(ds.truth().getOrDefault(i, "?" + i));
        }
        if (truths.size() > 1) {
          mixed++;
        }
      }
    }
    Published pub = publishTable(in, "identities.tsv", COLUMNS, rows);
    Path file = pub.file();
    String sha = pub.sha256();
    say(String.format(Locale.ROOT,
        "%d sequences: %d sequence-local identities linked into %d; positive pairs %d -> %d,"
            + " negative pairs %d -> %d%s", ds.sequences().size(), r.identitiesBefore(),
        r.identitiesAfter(), r.positivePairsBefore(), r.positivePairsAfter(),
        r.negativePairsBefore(), r.negativePairsAfter(),
        r.conflicts() > 0 ? "; " + r.conflicts() + " contradicting annotations" : ""));
    Map<String, Double> m = new HashMap<>(Map.of(
        "identities_before", (double) r.identitiesBefore(),
        "identities_after", (double) r.identitiesAfter(),
        "positive_pairs_before", (double) r.positivePairsBefore(),
        "positive_pairs_after", (double) r.positivePairsAfter(),
        "negative_pairs_before", (double) r.negativePairsBefore(),
        "negative_pairs_after", (double) r.negativePairsAfter(),
        "conflicts", (double) r.conflicts()));
    if (!ds.truth().isEmpty()) {
      long trueCharacters = ds.truth().values().stream().distinct().count();
      say(String.format(Locale.ROOT, "against the kept-aside truth: %d of %d linked identities mix"
          + " characters; %d true characters", mixed, r.identitiesAfter(), trueCharacters));
      m.put("truth_mixed_identities", (double) mixed);
    }
    track(in, m);
    return new LinkSequencesOutput(file.toString(), ds.sequences().size(),
        provenance(in, Map.of("identities", sha), false));
  }
}

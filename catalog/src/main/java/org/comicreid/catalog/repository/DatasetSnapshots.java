package org.comicreid.catalog.repository;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.DetectionKind;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.DetectionRecord;
import org.comicreid.core.dataset.IdentityScope;
import org.comicreid.core.dataset.InstanceRecord;
import org.comicreid.core.dataset.PanelRecord;
import org.comicreid.core.dataset.PartKind;
import org.comicreid.core.dataset.SequenceRecord;
import org.hibernate.Session;

/**
 * Loads the annotated part of a dataset as plain core records ({@link DatasetSnapshot}) in a fixed
 * number of queries (no per-row look-ups): the sequences with their labels and splits, the
 * instances they label, those instances' boxes, and the panels of both. Everything is ordered by
 * catalog id. Boxes that no annotated instance uses (a detector's output, a million of them) are
 * not loaded: {@link DetectionStream} streams all boxes.
 */
public final class DatasetSnapshots {

  private DatasetSnapshots() {}

  /**
   * The dataset named {@code datasetName}.
   *
   * @throws ReidInputException when there is no such dataset (the message lists those there are)
   */
  public static DatasetSnapshot load(Catalog catalog, String datasetName) {
    return catalog.fromTransaction(s -> {
      Dataset ds = s.createNamedQuery("Dataset.findByName", Dataset.class)
          .setParameter("name", datasetName)
          .uniqueResult();
      if (ds == null) {
        List<String> names = s.createNamedQuery("Dataset.findAll", Dataset.class)
            .getResultList().stream().map(Dataset::getName).toList();
        throw new ReidInputException("dataset '" + datasetName + "' is not in the catalog; "
            + (names.isEmpty() ? "the catalog has no datasets"
                : "datasets there: " + String.join(", ", names)));
      }
      return load(s, ds);
    });
  }

  private static DatasetSnapshot load(Session s, Dataset ds) {
    long id = ds.getId();
    String annotated = " exists (select 1 from IdentityAnnotation a where a.instance.id = i.id)";
    List<InstanceRecord> instances = new ArrayList<>();
    for (Object[] r : rows(s, "select i.id, i.externalId, i.panel.id, f.id, b.id"
        + " from CharacterInstance i left join i.face f left join i.body b"
        + " where i.dataset.id = :id and" + annotated + " order by i.id", id)) {
      instances.add(new InstanceRecord((Long) r[0], (String) r[1], (Long) r[2],
          r[3] == null ? -1 : (Long) r[3], r[4] == null ? -1 : (Long) r[4]));
    }

    List<DetectionRecord> detections = new ArrayList<>();
    for (String part : List.of("face", "body")) {
      for (Object[] r : rows(s, "select d.id, d.panel.id, d.kind, d.x1, d.y1, d.x2, d.y2, d.score,"
          + " d.imagePath from CharacterInstance i join i." + part + " d"
          + " where i.dataset.id = :id and" + annotated, id)) {
        PartKind kind = r[2] == DetectionKind.FACE ? PartKind.FACE : PartKind.BODY;
        detections.add(new DetectionRecord((Long) r[0], (Long) r[1], kind,
            new Box((Double) r[3], (Double) r[4], (Double) r[5], (Double) r[6]), (Double) r[7],
            (String) r[8]));
      }
    }
    detections.sort(Comparator.comparingLong(DetectionRecord::id));

    Set<Long> panelIds = new HashSet<>();
    instances.forEach(i -> panelIds.add(i.panelId()));
    for (Object[] r : rows(s, "select sp.panel.id, sp.id from SequencePanel sp join sp.sequence q"
        + " where q.dataset.id = :id", id)) {
      panelIds.add((Long) r[0]);
    }
    List<PanelRecord> panels = new ArrayList<>();
    for (Object[] r : rows(s, "select p.id, se.externalId, pg.externalId, p.indexOnPage,"
        + " p.imagePath, p.width, p.height from Panel p join p.page pg join pg.series se"
        + " where se.dataset.id = :id order by p.id", id)) {
      if (!panelIds.contains((Long) r[0])) {
        continue;
      }
      String series = (String) r[1];
      panels.add(new PanelRecord((Long) r[0], series,
          series + "_" + r[2] + "_" + r[3], (String) r[4], (Integer) r[5], (Integer) r[6]));
    }

    Map<Long, List<Long>> panelsOf = new HashMap<>();
    for (Object[] r : rows(s, "select q.id, sp.panel.id from SequencePanel sp join sp.sequence q"
        + " where q.dataset.id = :id order by q.id, sp.position", id)) {
      panelsOf.computeIfAbsent((Long) r[0], k -> new ArrayList<>()).add((Long) r[1]);
    }
    Map<Long, Map<Long, String>> labelsOf = new HashMap<>();
    for (Object[] r : rows(s, "select q.id, a.instance.id, a.identityLabel"
        + " from IdentityAnnotation a join a.sequence q where q.dataset.id = :id order by a.id",
        id)) {
      labelsOf.computeIfAbsent((Long) r[0], k -> new LinkedHashMap<>())
          .put((Long) r[1], (String) r[2]);
    }
    Map<Long, String> splitOf = new HashMap<>();
    for (Object[] r : rows(s, "select m.sequence.id, sp.name from SplitMember m join m.split sp"
        + " where sp.dataset.id = :id order by sp.name, m.id", id)) {
      splitOf.putIfAbsent((Long) r[0], (String) r[1]);
    }
    List<SequenceRecord> sequences = new ArrayList<>();
    for (Object[] r : rows(s, "select q.id, q.externalId, se.externalId from ComicSequence q"
        + " join q.series se where q.dataset.id = :id order by q.id", id)) {
      Long qid = (Long) r[0];
      sequences.add(new SequenceRecord(qid, (String) r[1], (String) r[2],
          splitOf.getOrDefault(qid, ""), panelsOf.getOrDefault(qid, List.of()),
          labelsOf.getOrDefault(qid, Map.of())));
    }

    @SuppressWarnings("unchecked")
    List<Object[]> truthRows = s.createNativeQuery(
            "select t.instance_id, t.identity from instance_truth t"
                + " join character_instance i on i.id = t.instance_id"
                + " where i.dataset_id = :id order by t.instance_id", Object[].class)
        .setParameter("id", id)
        .getResultList();
    Map<Long, String> truth = truthRows.stream().collect(Collectors.toMap(
        r -> ((Number) r[0]).longValue(), r -> (String) r[1], (a, b) -> a, LinkedHashMap::new));

    return new DatasetSnapshot(ds.getName(), ds.getContentHash(), panels, detections, instances,
        sequences, truth, IdentityScope.parse(ds.getIdentityScope()));
  }

  private static List<Object[]> rows(Session s, String hql, long datasetId) {
    var q = s.createSelectionQuery(hql, Object[].class).setParameter("id", datasetId);
    if (hql.contains(":bubble")) {
      q.setParameter("bubble", DetectionKind.SPEECH_BUBBLE);
    }
    return q.getResultList();
  }
}

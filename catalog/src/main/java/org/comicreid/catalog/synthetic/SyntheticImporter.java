package org.comicreid.catalog.synthetic;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.CharacterInstance;
import org.comicreid.catalog.entity.ComicSequence;
import org.comicreid.catalog.entity.DataSplit;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.Detection;
import org.comicreid.catalog.entity.DetectionKind;
import org.comicreid.catalog.entity.IdentityAnnotation;
import org.comicreid.catalog.entity.Page;
import org.comicreid.catalog.entity.Panel;
import org.comicreid.catalog.entity.Series;
import org.comicreid.catalog.entity.SplitMember;
import org.comicreid.catalog.entity.Times;
import org.comicreid.catalog.repository.DatasetRepository;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a synthetic world into the catalog: the whole dataset (series, pages, panels with
 * absolute image paths, face/body detections with scores, instances, sequences with their
 * sequence-local labels, train/val/test splits) and, kept aside in {@code instance_truth}, the
 * global identity of every instance. One transaction: all of it or nothing.
 */
public final class SyntheticImporter {

  private static final Logger LOG = LoggerFactory.getLogger(SyntheticImporter.class);

  private SyntheticImporter() {}

  /**
   * Generates the world of {@code spec} into {@code imageDir} unless it is already there, and
   * imports it as dataset {@code datasetName} with content hash {@link WorldSpec#hash()}. When
   * the dataset already exists with that hash, nothing is written and it is returned as is.
   *
   * @throws ReidInputException when a dataset of that name exists with another content hash
   */
  public static Dataset importWorld(
      Catalog catalog, String datasetName, WorldSpec spec, Path imageDir) {
    String hash = spec.hash();
    Optional<Dataset> existing = new DatasetRepository(catalog).findByName(datasetName);
    if (existing.isPresent()) {
      return sameOrConflict(existing.get(), hash);
    }
    Path dir = imageDir.toAbsolutePath().normalize();
    SyntheticWorld world = SyntheticWorld.generate(spec, dir);
    return catalog.fromTransaction(s -> {
      // re-checked inside the transaction; the unique name constraint guards concurrent imports
      Optional<Dataset> again = new DatasetRepository(catalog).findByName(datasetName);
      if (again.isPresent()) {
        return sameOrConflict(again.get(), hash);
      }
      Dataset ds = write(s, catalog.batchSize(), datasetName, world, dir);
      LOG.info("imported synthetic world {} as dataset '{}': {} panels, {} sequences",
          hash, datasetName, world.panels().size(), world.sequences().size());
      return ds;
    });
  }

  private static Dataset sameOrConflict(Dataset ds, String hash) {
    if (hash.equals(ds.getContentHash())) {
      return ds;
    }
    throw new ReidInputException("dataset '" + ds.getName() + "' already exists with content hash "
        + ds.getContentHash() + ", but this synthetic world has content hash " + hash
        + ": pick another dataset.name");
  }

  private static Dataset write(Session s, int batchSize, String name, SyntheticWorld world,
      Path dir) {
    Batch batch = new Batch(s, batchSize);
    WorldSpec spec = world.spec();
    Dataset ds = new Dataset(name, spec.hash(), Times.now(),
        "synthetic comic world: " + spec.canonical());
    batch.add(ds);

    Map<String, Series> series = new LinkedHashMap<>();
    Map<String, Page> pages = new HashMap<>();
    Map<String, Panel> panels = new HashMap<>();
    Map<String, CharacterInstance> instances = new HashMap<>();
    List<Object[]> truth = new ArrayList<>();
    for (SyntheticWorld.Panel p : world.panels()) {
      Series se = series.computeIfAbsent(p.series(), id -> batch.add(new Series(ds, id,
          "synthetic series " + id)));
      Page pg = pages.computeIfAbsent(p.series() + "_" + p.page(),
          k -> batch.add(new Page(se, p.page())));
      Panel panel = batch.add(new Panel(pg, p.index(), dir.resolve(p.file()).toString(),
          p.width(), p.height()));
      panels.put(p.externalId(), panel);
      for (SyntheticWorld.Instance in : p.instances()) {
        Detection face = in.hasFace()
            ? batch.add(detection(panel, DetectionKind.FACE, in.face(), in.faceScore())) : null;
        Detection body = in.hasBody()
            ? batch.add(detection(panel, DetectionKind.BODY, in.body(), in.bodyScore())) : null;
        CharacterInstance ci = batch.add(
            new CharacterInstance(ds, in.externalId(), panel, face, body));
        instances.put(in.externalId(), ci);
        truth.add(new Object[] {ci, in.identity()});
      }
    }
    Map<String, DataSplit> splits = new HashMap<>();
    for (String name2 : SyntheticWorld.SPLITS) {
      splits.put(name2, batch.add(new DataSplit(ds, name2)));
    }
    for (SyntheticWorld.Sequence q : world.sequences()) {
      List<Panel> seqPanels = q.panelIds().stream().map(panels::get).toList();
      ComicSequence cs = batch.add(
          new ComicSequence(ds, series.get(q.series()), q.externalId(), seqPanels));
      q.labels().forEach((inst, label) ->
          batch.add(new IdentityAnnotation(cs, label, instances.get(inst))));
      batch.add(new SplitMember(splits.get(world.splitOfSeries().get(q.series())), cs));
    }
    batch.done();

    s.doWork(c -> {
      try (PreparedStatement st =
          c.prepareStatement("INSERT INTO instance_truth (instance_id, identity) VALUES (?, ?)")) {
        int n = 0;
        for (Object[] t : truth) {
          st.setLong(1, ((CharacterInstance) t[0]).getId());
          st.setString(2, (String) t[1]);
          st.addBatch();
          if (++n % batchSize == 0) {
            st.executeBatch();
          }
        }
        st.executeBatch();
      }
    });
    return ds;
  }

  private static Detection detection(Panel panel, DetectionKind kind, Box b, double score) {
    return new Detection(panel, kind, b.x1(), b.y1(), b.x2(), b.y2(), score);
  }

  /** Persists entities, flushing and clearing the session every batch. */
  private static final class Batch {
    private final Session session;
    private final int size;
    private int pending;

    Batch(Session session, int size) {
      this.session = session;
      this.size = size;
    }

    <E> E add(E entity) {
      session.persist(entity);
      if (++pending % size == 0) {
        session.flush();
        session.clear();
      }
      return entity;
    }

    void done() {
      session.flush();
      session.clear();
    }
  }
}

package org.comicreid.catalog.testing;

import java.util.ArrayList;
import java.util.List;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.CharacterInstance;
import org.comicreid.catalog.entity.ComicSequence;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.entity.Detection;
import org.comicreid.catalog.entity.DetectionKind;
import org.comicreid.catalog.entity.IdentityAnnotation;
import org.comicreid.catalog.entity.Page;
import org.comicreid.catalog.entity.Panel;
import org.comicreid.catalog.entity.Series;
import org.comicreid.catalog.repository.CharacterInstanceRepository;
import org.comicreid.catalog.repository.DatasetRepository;
import org.comicreid.catalog.repository.DetectionRepository;
import org.comicreid.catalog.repository.IdentityAnnotationRepository;
import org.comicreid.catalog.repository.PageRepository;
import org.comicreid.catalog.repository.PanelRepository;
import org.comicreid.catalog.repository.SequenceRepository;
import org.comicreid.catalog.repository.SeriesRepository;

/**
 * A small, fully known annotated dataset for tests, written in one transaction:
 *
 * <ul>
 *   <li>series {@code 1551}, page {@code 1_2} with five panels {@code 0..4};
 *   <li>on every panel two characters: instance {@code <panel>_a} (face and body) and {@code
 *       <panel>_b} (body only), so 10 instances, 15 detections;
 *   <li>sequences {@code 1551_1_2_0+...+3} (panels 0-3) and {@code 1551_1_2_1+...+4} (panels 1-4),
 *       sharing panels 1-3;
 *   <li>annotations: in the first sequence every {@code _a} instance is identity {@code A} and
 *       every {@code _b} is {@code B}; in the second only panels 1 and 4 are labelled, {@code _a}
 *       as {@code X}.
 * </ul>
 */
public record SampleData(
    Dataset dataset,
    Series series,
    Page page,
    List<Panel> panels,
    List<Detection> detections,
    List<CharacterInstance> instances,
    List<ComicSequence> sequences,
    List<IdentityAnnotation> annotations) {

  /** Number of panels on the sample page. */
  public static final int PANELS = 5;

  /** Writes the sample dataset named {@code name} into {@code catalog}. */
  public static SampleData create(Catalog catalog, String name) {
    return catalog.fromTransaction(
        s -> {
          Dataset dataset = new DatasetRepository(catalog).create(name, "sha256:" + name, "sample");
          Series series = new SeriesRepository(catalog).insert(new Series(dataset, "1551", "Sample"));
          Page page = new PageRepository(catalog).insert(new Page(series, "1_2"));
          List<Panel> panels = new ArrayList<>();
          for (int i = 0; i < PANELS; i++) {
            panels.add(new Panel(page, i, "1551/1_2/" + i + ".jpg", 640 + i, 480 + i));
          }
          new PanelRepository(catalog).insertAll(panels);
          List<Detection> detections = new ArrayList<>();
          List<CharacterInstance> instances = new ArrayList<>();
          for (Panel p : panels) {
            int i = p.getIndexOnPage();
            Detection face = new Detection(p, DetectionKind.FACE, 10 + i, 20, 60 + i, 80, 0.98);
            Detection bodyA = new Detection(p, DetectionKind.BODY, 5 + i, 15, 90 + i, 300, 0.97);
            Detection bodyB = new Detection(p, DetectionKind.BODY, 200 + i, 30, 300, 310, 0.96);
            detections.addAll(List.of(face, bodyA, bodyB));
            instances.add(new CharacterInstance(dataset, i + "_a", p, face, bodyA));
            instances.add(new CharacterInstance(dataset, i + "_b", p, null, bodyB));
          }
          new DetectionRepository(catalog).insertAll(detections);
          new CharacterInstanceRepository(catalog).insertAll(instances);
          ComicSequence first =
              new ComicSequence(dataset, series, seqId(0), panels.subList(0, 4));
          ComicSequence second =
              new ComicSequence(dataset, series, seqId(1), panels.subList(1, 5));
          List<ComicSequence> sequences =
              new SequenceRepository(catalog).insertAll(List.of(first, second));
          List<IdentityAnnotation> annotations = new ArrayList<>();
          for (CharacterInstance inst : instances) {
            int panel = inst.getPanel().getIndexOnPage();
            boolean a = inst.getExternalId().endsWith("_a");
            if (panel <= 3) {
              annotations.add(new IdentityAnnotation(first, a ? "A" : "B", inst));
            }
            if (a && (panel == 1 || panel == 4)) {
              annotations.add(new IdentityAnnotation(second, "X", inst));
            }
          }
          new IdentityAnnotationRepository(catalog).insertAll(annotations);
          return new SampleData(
              dataset, series, page, panels, detections, instances, sequences, annotations);
        });
  }

  /** External id of the sample sequence starting at panel {@code start}. */
  public static String seqId(int start) {
    StringBuilder sb = new StringBuilder();
    for (int i = start; i < start + 4; i++) {
      if (i > start) {
        sb.append('+');
      }
      sb.append("1551_1_2_").append(i);
    }
    return sb.toString();
  }
}

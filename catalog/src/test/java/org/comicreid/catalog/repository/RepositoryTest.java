package org.comicreid.catalog.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.SampleData;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.ReidInputException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RepositoryTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void datasetRoundTripAndUniqueName(DatabaseKind kind) {
    Catalog catalog = DBS.catalog(kind);
    DatasetRepository datasets = new DatasetRepository(catalog);
    Dataset created = datasets.create("rt-dataset-" + kind, "sha256:abc", "a description");
    assertNotNull(created.getId());
    Dataset read = datasets.findByName("rt-dataset-" + kind).orElseThrow();
    assertEquals(created.getId(), read.getId());
    assertEquals("sha256:abc", read.getContentHash());
    assertEquals("a description", read.getDescription());
    assertEquals(created.getCreatedAt(), read.getCreatedAt());
    assertTrue(datasets.findByName("no-such-" + kind).isEmpty());
    assertTrue(datasets.list().stream().anyMatch(d -> d.getId().equals(created.getId())));
    ReidInputException dup =
        assertThrows(
            ReidInputException.class, () -> datasets.create("rt-dataset-" + kind, null, null));
    assertTrue(dup.getMessage().contains("rt-dataset-" + kind), dup.getMessage());
    // the unique constraint holds even when the check is bypassed
    assertThrows(
        RuntimeException.class,
        () -> datasets.insert(new Dataset("rt-dataset-" + kind, null, Instant.now(), null)));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void hierarchyRoundTrip(DatabaseKind kind) {
    Catalog catalog = DBS.catalog(kind);
    SampleData sample = SampleData.create(catalog, "hierarchy-" + kind);
    Dataset ds = sample.dataset();

    Series series = new SeriesRepository(catalog).findByExternalId(ds, "1551").orElseThrow();
    assertEquals(sample.series().getId(), series.getId());
    assertEquals("Sample", series.getTitle());
    assertEquals(List.of(series.getId()),
        new SeriesRepository(catalog).findByDataset(ds).stream().map(Series::getId).toList());

    List<Page> pages = new PageRepository(catalog).findBySeries(series);
    assertEquals(List.of("1_2"), pages.stream().map(Page::getExternalId).toList());

    List<Panel> panels = new PanelRepository(catalog).findByPage(pages.get(0));
    assertEquals(SampleData.PANELS, panels.size());
    Panel p3 = panels.get(3);
    assertEquals(3, p3.getIndexOnPage());
    assertEquals("1551/1_2/3.jpg", p3.getImagePath());
    assertEquals(643, p3.getWidth());
    assertEquals(483, p3.getHeight());
    assertEquals(
        panels.stream().map(Panel::getId).toList(),
        new PanelRepository(catalog).findByDataset(ds).stream().map(Panel::getId).toList());

    List<Detection> dets = new DetectionRepository(catalog).findByPanel(p3);
    assertEquals(3, dets.size());
    Detection face = dets.get(0);
    assertEquals(DetectionKind.FACE, face.getKind());
    assertEquals(13.0, face.getX1());
    assertEquals(20.0, face.getY1());
    assertEquals(63.0, face.getX2());
    assertEquals(80.0, face.getY2());
    assertEquals(0.98, face.getScore());
    assertEquals(DetectionKind.BODY, dets.get(2).getKind());
    assertEquals(15, new DetectionRepository(catalog).countByDataset(ds));

    CharacterInstanceRepository instances = new CharacterInstanceRepository(catalog);
    CharacterInstance a3 = instances.findByExternalId(ds, "3_a").orElseThrow();
    assertEquals(face.getId(), a3.getFace().getId());
    assertEquals(dets.get(1).getId(), a3.getBody().getId());
    CharacterInstance b3 = instances.findByExternalId(ds, "3_b").orElseThrow();
    assertNull(b3.getFace());
    assertEquals(dets.get(2).getId(), b3.getBody().getId());
    List<CharacterInstance> all = instances.findByDataset(ds);
    assertEquals(10, all.size());
    assertEquals("0_a", all.get(0).getExternalId());
    assertEquals(0, all.get(0).getPanel().getIndexOnPage(), "panel is fetched");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void sequencesKeepPanelOrderAndAnnotations(DatabaseKind kind) {
    Catalog catalog = DBS.catalog(kind);
    SampleData sample = SampleData.create(catalog, "sequences-" + kind);
    SequenceRepository sequences = new SequenceRepository(catalog);

    ComicSequence second = sequences.findByExternalId(sample.dataset(), SampleData.seqId(1)).orElseThrow();
    assertEquals(
        List.of(1, 2, 3, 4), second.getPanels().stream().map(Panel::getIndexOnPage).toList());
    assertEquals(List.of(0, 1, 2, 3),
        second.getPanelLinks().stream().map(l -> l.getPosition()).toList());

    List<AnnotatedSequence> annotated = sequences.findAnnotated(sample.dataset());
    assertEquals(
        List.of(SampleData.seqId(0), SampleData.seqId(1)),
        annotated.stream().map(a -> a.sequence().getExternalId()).toList());

    AnnotatedSequence first = annotated.get(0);
    assertEquals(List.of(0, 1, 2, 3), first.panels().stream().map(Panel::getIndexOnPage).toList());
    assertEquals(
        List.of("0_a", "0_b", "1_a", "1_b", "2_a", "2_b", "3_a", "3_b"),
        first.instances().stream().map(CharacterInstance::getExternalId).toList());
    Map<String, List<String>> byLabel = labels(first);
    assertEquals(List.of("0_a", "1_a", "2_a", "3_a"), byLabel.get("A"));
    assertEquals(List.of("0_b", "1_b", "2_b", "3_b"), byLabel.get("B"));

    AnnotatedSequence other = annotated.get(1);
    assertEquals(8, other.instances().size(), "shared panels give their instances to both");
    assertEquals(Map.of("X", List.of("1_a", "4_a")), labels(other));

    List<IdentityAnnotation> direct =
        new IdentityAnnotationRepository(catalog).findBySequence(other.sequence());
    assertEquals(2, direct.size());
    assertEquals("X", direct.get(0).getIdentityLabel());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void sequencePanelOrderIsTheGivenOrderNotThePageOrder(DatabaseKind kind) {
    Catalog catalog = DBS.catalog(kind);
    SampleData sample = SampleData.create(catalog, "shuffled-" + kind);
    List<Panel> p = sample.panels();
    SequenceRepository sequences = new SequenceRepository(catalog);
    sequences.insert(
        new ComicSequence(
            sample.dataset(), sample.series(), "shuffled", List.of(p.get(3), p.get(0), p.get(4), p.get(1))));
    ComicSequence read = sequences.findByExternalId(sample.dataset(), "shuffled").orElseThrow();
    assertEquals(
        List.of(3, 0, 4, 1), read.getPanels().stream().map(Panel::getIndexOnPage).toList());
    assertEquals(3, sequences.findByDataset(sample.dataset()).size());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void splitsHoldTheirSequences(DatabaseKind kind) {
    Catalog catalog = DBS.catalog(kind);
    SampleData sample = SampleData.create(catalog, "splits-" + kind);
    SplitRepository splits = new SplitRepository(catalog);
    DataSplit train = splits.create(sample.dataset(), "train", List.of(sample.sequences().get(1)));
    splits.create(sample.dataset(), "test", List.of(sample.sequences().get(0)));

    assertEquals(
        List.of("test", "train"),
        splits.findByDataset(sample.dataset()).stream().map(DataSplit::getName).toList());
    DataSplit read = splits.findByName(sample.dataset(), "train").orElseThrow();
    assertEquals(train.getId(), read.getId());
    assertEquals(
        List.of(SampleData.seqId(1)),
        splits.sequencesOf(read).stream().map(ComicSequence::getExternalId).toList());
    assertTrue(splits.findByName(sample.dataset(), "val").isEmpty());
  }

  private static Map<String, List<String>> labels(AnnotatedSequence s) {
    return s.annotations().stream()
        .collect(
            Collectors.groupingBy(
                IdentityAnnotation::getIdentityLabel,
                Collectors.mapping(a -> a.getInstance().getExternalId(), Collectors.toList())));
  }
}

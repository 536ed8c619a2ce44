package org.comicreid.catalog.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.repository.DatasetRepository;
import org.comicreid.catalog.repository.DatasetSnapshots;
import org.comicreid.catalog.testing.DatabaseKind;
import org.comicreid.catalog.testing.TestDatabases;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.DetectionRecord;
import org.comicreid.core.dataset.InstanceRecord;
import org.comicreid.core.dataset.PanelRecord;
import org.comicreid.core.dataset.PartKind;
import org.comicreid.core.dataset.SequenceRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticImportTest {

  @RegisterExtension static final TestDatabases DBS = new TestDatabases();

  static final WorldSpec SPEC = SyntheticWorldTest.SMALL;

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void importAndLoadRoundTrip(DatabaseKind kind) throws Exception {
    Catalog catalog = DBS.freshCatalog(kind);
    Path dir = tmp.resolve("world");
    Dataset ds = SyntheticImporter.importWorld(catalog, "synth", SPEC, dir);
    assertEquals(SPEC.hash(), ds.getContentHash());
    SyntheticWorld world = SyntheticWorld.plan(SPEC);
    DatasetSnapshot snap = DatasetSnapshots.load(catalog, "synth");
    assertEquals("synth", snap.name());
    assertEquals(SPEC.hash(), snap.contentHash());

    // panels: ids ascending, external ids and image files as generated
    assertEquals(world.panels().stream().map(SyntheticWorld.Panel::externalId).toList(),
        snap.panels().stream().map(PanelRecord::externalId).toList());
    for (PanelRecord p : snap.panels()) {
      assertTrue(Files.isRegularFile(Path.of(p.imagePath())), p.imagePath());
      assertTrue(Path.of(p.imagePath()).isAbsolute());
      assertEquals(p.externalId().substring(0, 3), p.series());
      assertEquals(SPEC.panelWidth(), p.width());
    }
    assertSorted(snap.panels().stream().map(PanelRecord::id).toList());
    assertSorted(snap.detections().stream().map(DetectionRecord::id).toList());
    assertSorted(snap.instances().stream().map(InstanceRecord::id).toList());
    assertSorted(snap.sequences().stream().map(SequenceRecord::id).toList());

    // instances with their boxes, scores and truth
    Map<String, SyntheticWorld.Instance> truth = new HashMap<>();
    world.panels().forEach(p -> p.instances().forEach(i -> truth.put(i.externalId(), i)));
    assertEquals(truth.size(), snap.instances().size());
    Map<Long, DetectionRecord> det = snap.detections().stream()
        .collect(Collectors.toMap(DetectionRecord::id, d -> d));
    Map<Long, PanelRecord> panel = snap.panels().stream()
        .collect(Collectors.toMap(PanelRecord::id, p -> p));
    for (InstanceRecord i : snap.instances()) {
      SyntheticWorld.Instance t = truth.get(i.externalId());
      assertEquals(t.identity(), snap.truth().get(i.id()));
      assertEquals(t.hasFace(), i.hasFace());
      assertEquals(t.hasBody(), i.hasBody());
      assertTrue(i.externalId().startsWith(panel.get(i.panelId()).externalId() + "_"));
      if (i.hasFace()) {
        DetectionRecord f = det.get(i.faceDetectionId());
        assertEquals(PartKind.FACE, f.kind());
        assertEquals(t.face(), f.box());
        assertEquals(t.faceScore(), f.score());
        assertEquals(i.panelId(), f.panelId());
      }
      if (i.hasBody()) {
        DetectionRecord b = det.get(i.bodyDetectionId());
        assertEquals(PartKind.BODY, b.kind());
        assertEquals(t.body(), b.box());
      }
    }
    assertEquals(snap.instances().size(), snap.truth().size());

    // sequences: panels in order, labels by instance id, split of the series
    Map<Long, String> instanceExt = snap.instances().stream()
        .collect(Collectors.toMap(InstanceRecord::id, InstanceRecord::externalId));
    assertEquals(world.sequences().size(), snap.sequences().size());
    for (int k = 0; k < snap.sequences().size(); k++) {
      SequenceRecord s = snap.sequences().get(k);
      SyntheticWorld.Sequence w = world.sequences().get(k);
      assertEquals(w.externalId(), s.externalId());
      assertEquals(w.panelIds(), s.panelIds().stream().map(id -> panel.get(id).externalId())
          .toList());
      assertEquals(world.splitOfSeries().get(w.series()), s.split());
      Map<String, String> labels = new HashMap<>();
      s.labels().forEach((id, label) -> labels.put(instanceExt.get(id), label));
      assertEquals(w.labels(), labels);
    }

    // idempotent: same name and hash does nothing
    long before = new DatasetRepository(catalog).count();
    Dataset again = SyntheticImporter.importWorld(catalog, "synth", SPEC, dir);
    assertEquals(ds.getId(), again.getId());
    assertEquals(before, new DatasetRepository(catalog).count());
    assertEquals(snap, DatasetSnapshots.load(catalog, "synth"));

    // another world under the same name is refused
    WorldSpec other = SPEC.withSeed(123);
    ReidInputException e = assertThrows(ReidInputException.class,
        () -> SyntheticImporter.importWorld(catalog, "synth", other, tmp.resolve("other")));
    assertTrue(e.getMessage().contains("'synth'"), e.getMessage());
    assertTrue(e.getMessage().contains(SPEC.hash()), e.getMessage());
    assertTrue(e.getMessage().contains(other.hash()), e.getMessage());
    assertTrue(e.getMessage().contains("dataset.name"), e.getMessage());

    // a second world under another name lives beside it
    SyntheticImporter.importWorld(catalog, "synth-2", other, tmp.resolve("other"));
    DatasetSnapshot snap2 = DatasetSnapshots.load(catalog, "synth-2");
    assertEquals(other.hash(), snap2.contentHash());
    assertEquals(snap, DatasetSnapshots.load(catalog, "synth"));
    assertTrue(snap2.instances().stream().allMatch(i -> snap2.truth().containsKey(i.id())));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void unknownDatasetListsTheExistingOnes(DatabaseKind kind) {
    Catalog catalog = DBS.freshCatalog(kind);
    new DatasetRepository(catalog).create("present-one", null, null);
    ReidInputException e = assertThrows(ReidInputException.class,
        () -> DatasetSnapshots.load(catalog, "missing"));
    assertTrue(e.getMessage().contains("'missing'"), e.getMessage());
    assertTrue(e.getMessage().contains("present-one"), e.getMessage());
  }

  private static void assertSorted(List<Long> ids) {
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(ids.get(i - 1) < ids.get(i), "ordered by id");
    }
  }
}

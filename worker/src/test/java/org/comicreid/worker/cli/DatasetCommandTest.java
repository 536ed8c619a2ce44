package org.comicreid.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reid dataset} and {@code reid run --dataset} on real comic art, from the command line:
 * a comicgen world is generated and imported, exported in the instances layout, imported back as
 * an instances dataset, and the pipeline runs end to end on both, printing the metric table. A
 * broken instances file is refused with every problem named by file and line, leaving the catalog
 * as it was; {@code --skip-invalid} imports the rest.
 */
class DatasetCommandTest {

  /** Tiny training, as in RealStagesTest. */
  static final List<String> TINY = List.of(
      "pair.face_size=16", "pair.body_size=24",
      "pretrain.backbone=tiny", "pretrain.width=4", "pretrain.stem=small", "pretrain.batch_size=4",
      "pretrain.epochs=50", "pretrain.max_steps=4", "pretrain.checkpoint_every=2",
      "finetune.epochs=2", "finetune.series_per_batch=1", "finetune.patience=1",
      "evaluate.min_group_size=2", "tracking.backend=local",
      "comicgen.sequences=10", "comicgen.series=3", "comicgen.avatars=6",
      "comicgen.panel_width=160", "comicgen.panel_height=120");

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int reid(Path workdir, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    for (String s : TINY) {
      all.add("--set");
      all.add(s);
    }
    all.add("--set");
    all.add("paths.workdir=" + workdir);
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return ReidMain.execute(all.toArray(String[]::new), new PrintWriter(out, true),
        new PrintWriter(err, true));
  }

  @Test
  void thePipelineRunsOnAComicgenWorldAndOnItsInstancesExport() throws IOException {
    Path wd = tmp.resolve("wd");
    Path json = tmp.resolve("comicgen.json");
    assertEquals(0, reid(wd, "run", "--dataset", "comicgen-test", "--json", json.toString()),
        out + "\n" + err);
    String printed = out.toString();
    assertTrue(printed.contains("generating comicgen world 'comicgen-test'"), printed);
    assertTrue(printed.contains("semi_supervised") || printed.contains("semi-supervised"), printed);
    JsonNode result = new ObjectMapper().readTree(json.toFile());
    for (String scope : List.of("local", "global")) {
      for (String model : List.of("random", "color_hist", "self_supervised", "semi_supervised")) {
        assertTrue(result.path(scope).path(model).has("p_at_1"), scope + "." + model + " in " + result);
      }
    }
    double p1 = result.path("local").path("semi_supervised").path("p_at_1").asDouble(-1);
    assertTrue(p1 >= 0 && p1 <= 1, "local semi-supervised P@1 " + p1);

    // export as already-cropped instances, import that as its own dataset, run on it
    Path export = tmp.resolve("export");
    assertEquals(0, reid(wd, "dataset", "export", "--name", "comicgen-test", "--format",
        "instances", export.toString()), out + "\n" + err);
    // comicgen's labels are sequence-local (like the paper's): the export says how to re-import
    assertTrue(out.toString().contains("import with identity scope sequence"), out.toString());
    Path csv;
    try (var files = Files.walk(export)) {
      csv = files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow();
    }
    assertEquals(0, reid(wd, "dataset", "import", "--format", "instances", csv.toString(),
        "--name", "mine", "--identity-scope", "sequence", "--set", "split.threshold=4"),
        out + "\n" + err);
    assertEquals(0, reid(wd, "dataset", "list"), out + "\n" + err);
    String list = out.toString();
    assertTrue(list.contains("comicgen-test") && list.contains("comicgen"), list);
    assertTrue(list.lines().anyMatch(l -> l.startsWith("mine ") && l.contains("instances")), list);

    Path json2 = tmp.resolve("mine.json");
    assertEquals(0, reid(wd, "run", "--dataset", "mine", "--json", json2.toString()),
        out + "\n" + err);
    JsonNode mine = new ObjectMapper().readTree(json2.toFile());
    assertTrue(mine.path("local").path("semi_supervised").has("map_at_r"), mine.toString());
    assertTrue(out.toString().contains("pretraining"), out.toString());
  }

  @Test
  void aBrokenInstancesFileChangesNothingAndNamesEveryProblem() throws IOException {
    Path data = tmp.resolve("data");
    Files.createDirectories(data.resolve("img"));
    for (String f : List.of("a.png", "b.png", "c.png")) {
      java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8,
          java.awt.image.BufferedImage.TYPE_INT_RGB);
      javax.imageio.ImageIO.write(img, "png", data.resolve("img").resolve(f).toFile());
    }
    Path csv = data.resolve("instances.csv");
    Files.writeString(csv, String.join("\n",
        "instance_id,series_id,sequence_id,panel_id,identity,face_path,body_path,split",
        "i1,s1,q1,p1,alice,img/a.png,img/b.png,train",
        "i2,s1,q1,p2,bob,,img/c.png,train",
        "i3,s1,q1,p2,carol,img/missing.png,,train",
        "i2,s1,q1,p2,bob,,img/c.png,train",
        "i4,s1,q1,p3,dave,,,train") + "\n");
    Path wd = tmp.resolve("wd");
    assertEquals(2, reid(wd, "dataset", "import", "--format", "instances", csv.toString(),
        "--name", "broken"));
    String problems = err.toString();
    assertTrue(problems.contains(csv + ":4:"), problems); // the missing image
    assertTrue(problems.contains(csv + ":5:"), problems); // the duplicate (instance, sequence)
    assertTrue(problems.contains(csv + ":6:"), problems); // neither face nor body
    assertFalse(problems.contains(csv + ":2:") || problems.contains(csv + ":3:"), problems);
    assertEquals(0, reid(wd, "dataset", "list"));
    assertFalse(out.toString().contains("broken"), out.toString());

    assertEquals(0, reid(wd, "dataset", "import", "--format", "instances", csv.toString(),
        "--name", "broken", "--skip-invalid"), out + "\n" + err);
    assertTrue(out.toString().contains("skipped"), out.toString());
    assertEquals(0, reid(wd, "dataset", "list"));
    assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("broken ")), out.toString());
  }
}

package org.comicreid.worker.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.comicreid.activities.stages.DetectActivitiesImpl;
import org.comicreid.activities.stages.PairActivitiesImpl;
import org.comicreid.activities.stages.StageEnvironment;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.CatalogSettings;
import org.comicreid.catalog.datasets.DatasetImporter;
import org.comicreid.catalog.datasets.ImportOptions;
import org.comicreid.core.pipeline.DetectInput;
import org.comicreid.core.pipeline.DetectOutput;
import org.comicreid.core.pipeline.PairInput;
import org.comicreid.core.pipeline.PairOutput;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.worker.setup.RunSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detect stage with {@code detect.source=detector}: the committed tiny TorchScript detector
 * (learning's test resource: red pixels are a face, blue pixels a body) runs on every panel of an
 * imported sequence dataset. Its boxes, un-letterboxed back to panel pixels, replace the dataset's
 * unannotated boxes for pretraining, the annotated boxes stay for their instances, and pair then
 * pairs the detector's face with its body. The dataset source (negative control) gives the
 * dataset's boxes instead.
 */
class DetectorStageTest {
  static final Path MODEL = Path.of("../learning/src/test/resources/detector/tiny_detector.pt");

  @TempDir Path tmp;

  /** A 400x300 panel: a red "face" at (100,40)-(140,80), a blue "body" at (90,30)-(170,260). */
  static void panel(Path file) throws IOException {
    BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 400, 300);
    g.setColor(Color.BLUE);
    g.fillRect(90, 30, 80, 230);
    g.setColor(Color.RED);
    g.fillRect(100, 40, 40, 40);
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  @Test
  void theDetectorsBoxesFeedPretrainingAndTheAnnotatedBoxesStay() throws IOException {
    Path data = tmp.resolve("seqs");
    Files.createDirectories(data.resolve("images"));
    StringBuilder panels = new StringBuilder("[\n");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = "7_1_" + i;
      ids.add(id);
      panel(data.resolve("images").resolve(id + ".png"));
      panels.append(i == 0 ? "" : ",\n").append("{\"panel_id\": \"").append(id)
          .append("\", \"series_id\": \"7\", \"image\": \"images/").append(id).append(".png\",")
          .append(" \"faces\": [{\"id\": \"").append(id).append("_face_0\", \"box\": [300, 10, 330, 40], \"score\": 1.0}],")
          .append(" \"bodies\": [{\"id\": \"").append(id).append("_body_0\", \"box\": [290, 5, 350, 200], \"score\": 1.0},")
          .append(" {\"id\": \"").append(id).append("_body_1\", \"box\": [200, 100, 260, 290], \"score\": 1.0}]}");
    }
    Files.writeString(data.resolve("panels.json"), panels.append("\n]\n").toString());
    String seq = "[{\"seq_id\": \"" + String.join("+", ids) + "\", \"annotations\": ["
        + "{\"charId\": \"c0\", \"charInstances\": [{\"face\": \"7_1_0_face_0\", \"body\": \"7_1_0_body_0\"}]}]}]";
    for (String split : List.of("train", "val", "test")) {
      Files.writeString(data.resolve(split + "_sequences.json"), split.equals("train") ? seq : "[]");
    }
    Path wd = tmp.resolve("wd");
    try (Catalog catalog = Catalog.open(CatalogSettings.embedded(wd))) {
      DatasetImporter.importDataset(catalog, "sequences", data, ImportOptions.defaults().withName("det"));
      StageEnvironment env = new StageEnvironment(() -> catalog, (s, m, t) -> { }, null, "cpu",
          wd.resolve("cache"));

      List<String[]> rows = detect(env, wd, "detect.source=detector",
          "detect.model=" + MODEL.toAbsolutePath());
      // per panel: the detector's face and body; plus the one annotated instance's two boxes
      List<String[]> found = rows.stream().filter(r -> Long.parseLong(r[0]) < 0).toList();
      assertEquals(8, found.size());
      for (String[] r : found) {
        double[] box = {Double.parseDouble(r[6]), Double.parseDouble(r[7]),
            Double.parseDouble(r[8]), Double.parseDouble(r[9])};
        double[] want = r[5].equals("face") ? new double[] {100, 40, 140, 80}
            : new double[] {90, 30, 170, 260};
        for (int k = 0; k < 4; k++) {
          // 400 px -> 640 px input: r = 1.6, so a box edge is off by at most about 1/r px
          assertEquals(want[k], box[k], 1.5, r[5] + " edge " + k);
        }
        assertEquals("ok", r[12]);
      }
      List<String[]> kept = rows.stream().filter(r -> Long.parseLong(r[0]) > 0).toList();
      assertEquals(2, kept.size(), "only the annotated instance's boxes stay");
      assertTrue(kept.stream().allMatch(r -> r[12].equals("annotated") && r[11].equals("0")));

      PairOutput pairs = pair(env, wd, rows);
      assertEquals(4, pairs.pairCount(), "one detected face-body pair per panel");

      // negative control: the dataset's own boxes, 3 per panel, none of them at the drawn shapes
      List<String[]> dataset = detect(env, wd.resolve("control"));
      assertEquals(12, dataset.size());
      assertTrue(dataset.stream().allMatch(r -> Long.parseLong(r[0]) > 0));
    }
  }

  private DetectOutput lastDetect;

  private List<String[]> detect(StageEnvironment env, Path wd, String... sets) throws IOException {
    List<String> all = new ArrayList<>(List.of("dataset.name=det", "paths.workdir=" + wd,
        "detect.min_area=0", "detect.min_score=0.5"));
    all.addAll(List.of(sets));
    Map<String, String> params = RunSetup.resolve(null, all).spec().paramsOf(Stage.DETECT);
    lastDetect = new DetectActivitiesImpl(env).detect(new DetectInput("k-detect-" + sets.length,
        "det", wd.resolve("art-detect").toString(), params));
    List<String> lines = Files.readAllLines(Path.of(lastDetect.boxesPath()));
    assertEquals(DetectActivitiesImpl.COLUMNS, List.of(lines.get(0).split("\t")));
    return lines.stream().skip(1).map(l -> l.split("\t")).toList();
  }

  private PairOutput pair(StageEnvironment env, Path wd, List<String[]> unused) {
    Map<String, String> params = RunSetup.resolve(null, List.of("dataset.name=det",
        "paths.workdir=" + wd, "pair.min_rate=0.9")).spec().paramsOf(Stage.PAIR);
    return new PairActivitiesImpl(env).pair(new PairInput("k-pair", "det",
        wd.resolve("art-pair").toString(), params, lastDetect));
  }
}

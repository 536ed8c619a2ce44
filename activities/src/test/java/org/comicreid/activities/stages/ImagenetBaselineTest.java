package org.comicreid.activities.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.comicreid.catalog.images.CropSpec;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ImageNet baseline's frozen features through the committed tiny stand-in backbone
 * (tools/imagenet/make_tiny_backbone.py: per image the normalised channel means, then H and W), on
 * solid-colour crops, so every expected value is computed by hand.
 */
class ImagenetBaselineTest {

  @TempDir Path dir;

  static final String KEY = ImagenetBaseline.KEY;

  Path image(String name, int rgb) throws IOException {
    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    Path f = dir.resolve(name);
    ImageIO.write(img, "png", f.toFile());
    return f;
  }

  static String face(Path img, int size) {
    return new CropSpec(img.toString(), new Box(8, 8, 24, 24), CropSpec.Rule.SQUARE, size, 1.2).encode();
  }

  static String body(Path img, int size) {
    return new CropSpec(img.toString(), new Box(0, 0, 32, 32), CropSpec.Rule.PAD, size, 0).encode();
  }

  static Path model() throws URISyntaxException {
    return Path.of(ImagenetBaselineTest.class.getResource("/imagenet/tiny_backbone.pt").toURI());
  }

  StageEnvironment env() {
    return new StageEnvironment(() -> {
      throw new IllegalStateException("no catalog in this test");
    }, null, null, "cpu", dir.resolve("cache"));
  }

  Path pairs(List<Artifacts.InstanceRow> rows, String name) {
    Path f = dir.resolve(name);
    Tsv.write(f, List.of("key", "source", "instance_id", "panel_id", "series", "face_crop", "body_crop"),
        rows.stream().map(r -> List.of(r.key(), r.source(), r.instanceId(), r.panelId(), r.series(),
            r.faceCrop(), r.bodyCrop())).toList());
    return f;
  }

  /** (v / 255 - mean) / std with the ImageNet constants, written out. */
  static double[] normalised(int r, int g, int b) {
    return new double[] {(r / 255.0 - 0.485) / 0.229, (g / 255.0 - 0.456) / 0.224, (b / 255.0 - 0.406) / 0.225};
  }

  static void assertFeature(double[] rgb, int size, float[] got) {
    assertEquals(5, got.length);
    for (int c = 0; c < 3; c++) {
      assertEquals(rgb[c], got[c], 1e-4, "channel " + c);
    }
    assertEquals(size, got[3], 0.0);
    assertEquals(size, got[4], 0.0);
  }

  @Test
  void unsetKeyMeansNoBaseline() {
    StageEnvironment env = env();
    List<Artifacts.InstanceRow> rows = List.of(new Artifacts.InstanceRow("k", "annotated", 1, 1, "S",
        "square|8|1.2|0,0,1,1|/no/such/image.png", ""));
    Path p = pairs(rows, "p.tsv");
    assertTrue(ImagenetBaseline.features(env, new StageParams(Map.of()), p, rows).isEmpty());
    assertTrue(ImagenetBaseline.features(env, new StageParams(Map.of(KEY, "")), p, rows).isEmpty());
    assertTrue(ImagenetBaseline.features(env, new StageParams(Map.of(KEY, "  ")), p, rows).isEmpty());
  }

  @Test
  void facesAndBodiesGoThroughTheBackboneAtTheirOwnSizeAndAreCached() throws Exception {
    Path red = image("red.png", 0xff0000);
    Path other = image("other.png", 0x0ac81e); // (10, 200, 30)
    List<Artifacts.InstanceRow> rows = List.of(
        new Artifacts.InstanceRow("a", "annotated", 11, 1, "S", face(red, 8), body(other, 12)),
        new Artifacts.InstanceRow("b", "annotated", 12, 1, "S", face(other, 8), ""),
        new Artifacts.InstanceRow("c", "annotated", 13, 1, "S", "", body(red, 12)));
    Path pairs = pairs(rows, "instances.tsv");
    StageParams params = new StageParams(Map.of(KEY, model().toString()));
    ImagenetBaseline.Features f = ImagenetBaseline.features(env(), params, pairs, rows).orElseThrow();
    assertFalse(f.fromCache());
    assertEquals(5, f.dim());
    assertEquals(2, f.faces());
    assertEquals(2, f.bodies());
    assertEquals(List.of(11L, 12L, 13L), List.copyOf(f.byInstance().keySet()));
    double[] redN = normalised(255, 0, 0);
    double[] otherN = normalised(10, 200, 30);
    assertFeature(redN, 8, f.byInstance().get(11L)[0]);
    assertFeature(otherN, 12, f.byInstance().get(11L)[1]);
    assertFeature(otherN, 8, f.byInstance().get(12L)[0]);
    assertNull(f.byInstance().get(12L)[1]);
    assertNull(f.byInstance().get(13L)[0]);
    assertFeature(redN, 12, f.byInstance().get(13L)[1]);
    // negative control: the unnormalised red channel (1.0) is far from what came out
    assertTrue(Math.abs(1.0 - f.byInstance().get(11L)[0][0]) > 0.5);

    // the same weights and pairs file: from the cache, the same numbers
    ImagenetBaseline.Features again = ImagenetBaseline.features(env(), params, pairs, rows).orElseThrow();
    assertTrue(again.fromCache());
    assertEquals(f.weightsSha256(), again.weightsSha256());
    assertEquals(2, again.faces());
    for (long id : List.of(11L, 12L, 13L)) {
      for (int part = 0; part < 2; part++) {
        float[] a = f.byInstance().get(id)[part];
        float[] b = again.byInstance().get(id)[part];
        assertEquals(a == null, b == null);
        if (a != null) {
          assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
        }
      }
    }
    try (var files = Files.list(dir.resolve("cache").resolve("features"))) {
      assertEquals(1, files.filter(x -> x.toString().endsWith(".bin")).count());
    }
    // another pairs file (other content) is another cache entry
    Files.writeString(pairs, Files.readString(pairs) + "\n");
    assertFalse(ImagenetBaseline.features(env(), params, pairs, rows).orElseThrow().fromCache());
    // a copy of the weights under another path: keyed by content, so the cache applies
    Path copy = dir.resolve("copy.pt");
    Files.copy(model(), copy);
    Optional<ImagenetBaseline.Features> viaCopy = ImagenetBaseline.features(env(),
        new StageParams(Map.of(KEY, copy.toString())), pairs, rows);
    assertTrue(viaCopy.orElseThrow().fromCache(), "same bytes, same sha256: the cache applies");
  }

  @Test
  void aMissingWeightsFileNamesTheKey() {
    List<Artifacts.InstanceRow> rows = List.of();
    Path p = pairs(rows, "p.tsv");
    Path missing = dir.resolve("resnet50.pt");
    ReidInputException e = assertThrows(ReidInputException.class, () -> ImagenetBaseline.features(
        env(), new StageParams(Map.of(KEY, missing.toString())), p, rows));
    assertTrue(e.getMessage().contains(KEY + " = " + missing), e.getMessage());
    assertTrue(e.getMessage().contains("export_resnet50.py"), e.getMessage());
  }
}

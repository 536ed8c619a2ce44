package org.comicreid.learning.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.comicreid.core.ReidInputException;
import org.comicreid.learning.data.CropImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the committed tiny TorchScript stand-in (tools/imagenet/make_tiny_backbone.py): it returns
 * per image the mean of each input channel followed by the input's height and width, so the
 * expected features are the ImageNet-normalised channel means, computed here by hand.
 */
class TorchScriptBackboneTest {

  static final String KEY = "baseline.imagenet_weights";
  static TorchScriptBackbone backbone;

  @BeforeAll
  static void load() throws URISyntaxException {
    Path model = Path.of(TorchScriptBackboneTest.class.getResource("/imagenet/tiny_backbone.pt").toURI());
    backbone = TorchScriptBackbone.load(model, KEY, "cpu");
  }

  @AfterAll
  static void close() {
    backbone.close();
  }

  /** A size x size crop whose left half is (r1,g1,b1) and right half (r2,g2,b2) (size even). */
  static CropImage halves(int size, int[] left, int[] right) {
    byte[] rgb = new byte[size * size * 3];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int[] c = x < size / 2 ? left : right;
        for (int k = 0; k < 3; k++) {
          rgb[(y * size + x) * 3 + k] = (byte) c[k];
        }
      }
    }
    return new CropImage(size, rgb);
  }

  /** ((a + b) / 2 / 255 - mean) / std: the normalised mean of a half-and-half channel. */
  static double normalisedMean(int a, int b, double mean, double std) {
    return ((a / 255.0 + b / 255.0) / 2.0 - mean) / std;
  }

  @Test
  void featuresAreTheImagenetNormalisedChannelMeansAtEachCropsOwnSize() {
    int[] l1 = {200, 10, 40};
    int[] r1 = {100, 250, 0};
    int[] l2 = {0, 0, 255};
    int[] r2 = {255, 128, 255};
    // sizes 4, 6, 4: the two 4x4 crops share a batch, the output keeps the input order
    List<CropImage> crops = List.of(halves(4, l1, r1), halves(6, l2, r2), halves(4, r2, l1));
    float[][] f = backbone.extract(crops, 8);
    assertEquals(3, f.length);
    double[][] expected = {
      {normalisedMean(200, 100, 0.485, 0.229), normalisedMean(10, 250, 0.456, 0.224),
          normalisedMean(40, 0, 0.406, 0.225), 4, 4},
      {normalisedMean(0, 255, 0.485, 0.229), normalisedMean(0, 128, 0.456, 0.224),
          normalisedMean(255, 255, 0.406, 0.225), 6, 6},
      {normalisedMean(255, 200, 0.485, 0.229), normalisedMean(128, 10, 0.456, 0.224),
          normalisedMean(255, 40, 0.406, 0.225), 4, 4},
    };
    for (int i = 0; i < 3; i++) {
      assertEquals(5, f[i].length);
      for (int k = 0; k < 5; k++) {
        assertEquals(expected[i][k], f[i][k], 1e-4, "crop " + i + " feature " + k);
      }
    }
    assertEquals(5, backbone.featureDim());

    // negative controls: without the normalisation, or with R and B swapped, the answer differs
    // by far more than the tolerance above
    double[] raw = {(200 + 100) / 2.0 / 255.0, (10 + 250) / 2.0 / 255.0, (40 + 0) / 2.0 / 255.0};
    double[] swapped = {normalisedMean(40, 0, 0.485, 0.229), normalisedMean(10, 250, 0.456, 0.224),
        normalisedMean(200, 100, 0.406, 0.225)};
    assertTrue(maxDiff(raw, f[0]) > 0.1, "unnormalised input would give " + java.util.Arrays.toString(raw));
    assertTrue(maxDiff(swapped, f[0]) > 0.1, "BGR order would give " + java.util.Arrays.toString(swapped));
  }

  static double maxDiff(double[] a, float[] b) {
    double m = 0;
    for (int k = 0; k < a.length; k++) {
      m = Math.max(m, Math.abs(a[k] - b[k]));
    }
    return m;
  }

  @Test
  void batchSizeOneGivesTheSameRows() {
    List<CropImage> crops = List.of(halves(4, new int[] {1, 2, 3}, new int[] {9, 8, 7}),
        halves(4, new int[] {50, 60, 70}, new int[] {0, 0, 0}), halves(2, new int[] {5, 5, 5}, new int[] {6, 6, 6}));
    float[][] all = backbone.extract(crops, 8);
    float[][] ones = backbone.extract(crops, 1);
    for (int i = 0; i < crops.size(); i++) {
      for (int k = 0; k < all[i].length; k++) {
        assertEquals(all[i][k], ones[i][k], 1e-6);
      }
    }
    assertEquals(2f, ones[2][3]);
  }

  @Test
  void aMissingOrUnloadableFileNamesTheKey(@TempDir Path tmp) throws IOException {
    Path missing = tmp.resolve("nope.pt");
    ReidInputException e = assertThrows(ReidInputException.class,
        () -> TorchScriptBackbone.load(missing, KEY, "cpu"));
    assertTrue(e.getMessage().contains(KEY + " = " + missing), e.getMessage());
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());

    Path junk = Files.writeString(tmp.resolve("resnet50.pth"), "not a TorchScript archive");
    e = assertThrows(ReidInputException.class, () -> TorchScriptBackbone.load(junk, KEY, "cpu"));
    assertTrue(e.getMessage().contains(KEY + " = " + junk), e.getMessage());
    assertTrue(e.getMessage().contains("export_resnet50.py"), e.getMessage());
  }
}

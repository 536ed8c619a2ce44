package org.comicreid.learning.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.PartKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the committed tiny TorchScript model (tools/detector/make_tiny_detector.py; its docstring
 * says what it answers) through the whole path: letterbox, DJL call with the int mode, decoder.
 * It finds pure red pixels as faces and pure blue pixels as bodies, in the BGR tensor.
 */
class TorchScriptDetectorTest {

  static final Box RED = new Box(101, 53, 211, 148);
  static final Box BLUE = new Box(420, 230, 610, 470);

  static Path model;
  static TorchScriptDetector dass640;

  @BeforeAll
  static void load() throws URISyntaxException {
    model = Path.of(TorchScriptDetectorTest.class.getResource("/detector/tiny_detector.pt").toURI());
    dass640 = TorchScriptDetector.load(cpu(DetectorSettings.dass640(model)));
  }

  @AfterAll
  static void close() {
    dass640.close();
  }

  static DetectorSettings cpu(DetectorSettings s) {
    return new DetectorSettings(s.model(), s.inputWidth(), s.inputHeight(), s.confidence(), s.nms(), "cpu");
  }

  /** White w x h with the given rectangles (pixel-edge boxes) filled. */
  static BufferedImage image(int w, int h, Box red, Box blue) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    if (red != null) {
      g.setColor(new Color(255, 0, 0));
      fill(g, red);
    }
    if (blue != null) {
      g.setColor(new Color(0, 0, 255));
      fill(g, blue);
    }
    g.dispose();
    return img;
  }

  static void fill(Graphics2D g, Box b) {
    g.fillRect((int) b.x1(), (int) b.y1(), (int) b.width(), (int) b.height());
  }

  /**
   * The drawn edge and the found edge differ by where the resize's sampling grid falls: at most
   * one input pixel (1/r image pixels) plus the sliver where a blended edge pixel still counts as
   * pure (channel within 5 of 0), well under half an input pixel. The 2-px shifted duplicate is
   * 2/r away, outside.
   */
  static void assertNear(Box expected, Box actual, double r) {
    double tol = 1.5 / r;
    String msg = "expected " + expected + " within " + tol + " px, got " + actual;
    assertEquals(expected.x1(), actual.x1(), tol, msg);
    assertEquals(expected.y1(), actual.y1(), tol, msg);
    assertEquals(expected.x2(), actual.x2(), tol, msg);
    assertEquals(expected.y2(), actual.y2(), tol, msg);
  }

  static List<DetectedBox> ofKind(List<DetectedBox> d, PartKind k) {
    return d.stream().filter(b -> b.kind() == k).toList();
  }

  @Test
  void oneFaceAtTheRedAndOneBodyAtTheBlueRectangle() {
    List<DetectedBox> d = dass640.detect(image(800, 500, RED, BLUE));
    List<DetectedBox> faces = ofKind(d, PartKind.FACE);
    List<DetectedBox> bodies = ofKind(d, PartKind.BODY);
    assertEquals(1, faces.size(), d::toString);
    assertEquals(1, bodies.size(), d::toString);
    assertEquals(List.of(PartKind.FACE, PartKind.BODY), d.stream().map(DetectedBox::kind).toList());
    double r = 0.8; // min(640/800, 640/500)
    assertNear(RED, faces.get(0).box(), r);
    assertNear(BLUE, bodies.get(0).box(), r);
    assertEquals(0.9, faces.get(0).score(), 1e-6);
    assertEquals(0.9, bodies.get(0).score(), 1e-6);
  }

  @Test
  void portraitImageAndAnotherInputSize() {
    // 500x800 at 320x320: r = 0.4, the pad is on the right; boxes come back to image pixels.
    Box red = new Box(40, 500, 200, 700);
    Box blue = new Box(300, 60, 480, 300);
    try (TorchScriptDetector d320 = TorchScriptDetector.load(
        new DetectorSettings(model, 320, 320, 0.55, 0.4, "cpu"))) {
      List<DetectedBox> d = d320.detect(image(500, 800, red, blue));
      assertEquals(2, d.size(), d::toString);
      assertNear(red, d.get(0).box(), 0.4);
      assertNear(blue, d.get(1).box(), 0.4);
    }
  }

  @Test
  void blueAloneIsABodyAndNoFace() {
    // With the planes in RGB order the tiny model would call this rectangle a face.
    List<DetectedBox> d = dass640.detect(image(800, 500, null, BLUE));
    assertEquals(List.of(PartKind.BODY), d.stream().map(DetectedBox::kind).toList());
    assertNear(BLUE, d.get(0).box(), 0.8);
    assertEquals(List.of(), dass640.detect(image(800, 500, RED, null), PartKind.BODY));
    assertEquals(List.of(), dass640.detect(image(800, 500, null, null)));
  }

  @Test
  void negativeControlRgbPlanesTurnRedIntoABody() {
    // The same image fed in RGB order (planes 0 and 2 swapped): the tiny model sees the red
    // rectangle as blue, so the BGR test above can fail.
    BufferedImage img = image(800, 500, RED, null);
    Letterbox lb = Letterbox.of(img, 640, 640);
    float[] bgr = lb.toBgrChw(img);
    float[] rgb = bgr.clone();
    int plane = 640 * 640;
    System.arraycopy(bgr, 2 * plane, rgb, 0, plane);
    System.arraycopy(bgr, 0, rgb, 2 * plane, plane);
    TorchScriptDetector.Raw[] raw = dass640.forward(rgb, TorchScriptDetector.MODE_FACES,
        TorchScriptDetector.MODE_BODIES);
    assertEquals(0, raw[0].rows());
    List<DetectedBox> bodies = new YoloxDecoder(0.55, 0.4)
        .decode(raw[1].data(), raw[1].columns(), lb, PartKind.BODY);
    assertEquals(1, bodies.size());
    assertNear(RED, bodies.get(0).box(), 0.8);
  }

  @Test
  void nmsIsWhatRemovesTheShiftedDuplicate() {
    TorchScriptDetector.Raw raw = dass640.forward(
        Letterbox.of(800, 500, 640, 640).toBgrChw(image(800, 500, RED, null)),
        TorchScriptDetector.MODE_FACES)[0];
    assertEquals(3, raw.rows()); // duplicate, low-score corner box, true box
    assertEquals(6, raw.columns());

    try (TorchScriptDetector loose = TorchScriptDetector.load(
        cpu(DetectorSettings.dass640(model).withThresholds(0.55, 0.99)))) {
      List<DetectedBox> d = loose.detect(image(800, 500, RED, null), PartKind.FACE);
      assertEquals(2, d.size(), d::toString);
      assertEquals(0.9, d.get(0).score(), 1e-6);
      assertEquals(0.7, d.get(1).score(), 1e-6);
      Box main = d.get(0).box();
      Box dup = d.get(1).box();
      assertNear(RED, main, 0.8);
      // +2 input pixels = +2/r = 2.5 image pixels
      assertEquals(main.x1() + 2.5, dup.x1(), 1e-4);
      assertEquals(main.y1() + 2.5, dup.y1(), 1e-4);
      assertEquals(main.x2() + 2.5, dup.x2(), 1e-4);
      assertEquals(main.y2() + 2.5, dup.y2(), 1e-4);
    }
  }

  @Test
  void confidenceIsWhatRemovesTheLowScoreBox() {
    try (TorchScriptDetector low = TorchScriptDetector.load(
        cpu(DetectorSettings.dass640(model).withThresholds(0.25, 0.4)))) {
      List<DetectedBox> d = low.detect(image(800, 500, RED, null), PartKind.FACE);
      assertEquals(2, d.size(), d::toString);
      assertEquals(0.9, d.get(0).score(), 1e-6);
      // obj 0.6 x cls 0.5 at (0,0)-(16,16) input pixels = (0,0)-(20,20) image pixels
      assertEquals(0.3, d.get(1).score(), 1e-6);
      LetterboxTest.assertBox(new Box(0, 0, 20, 20), d.get(1).box());
    }
  }

  @Test
  void theModelSeesThePadAt114BelowAndRightOfTheImage() {
    // mode 3 of the tiny model: bounding box of the pixels equal to 114 in all three planes.
    float[] landscape = Letterbox.of(800, 500, 640, 640).toBgrChw(image(800, 500, null, null));
    TorchScriptDetector.Raw pad = dass640.forward(landscape, 3)[0];
    assertEquals(1, pad.rows());
    // rows 400..639, all columns: cx 320, cy 520, w 640, h 240
    assertEquals(List.of(320f, 520f, 640f, 240f), head(pad.data()));

    float[] portrait = Letterbox.of(500, 800, 640, 640).toBgrChw(image(500, 800, null, null));
    TorchScriptDetector.Raw side = dass640.forward(portrait, 3)[0];
    // columns 400..639, all rows
    assertEquals(List.of(520f, 320f, 240f, 640f), head(side.data()));
  }

  static List<Float> head(float[] row) {
    return List.of(row[0], row[1], row[2], row[3]);
  }

  @Test
  void unexpectedOutputShapeNamesTheFileAndTheShape() {
    // any mode other than 1, 2, 3 makes the tiny model return a [2, 5] tensor
    float[] x = new float[3 * 640 * 640];
    ReidInputException e = assertThrows(ReidInputException.class, () -> dass640.forward(x, 7));
    assertTrue(e.getMessage().contains(model.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("(2, 5)"), e.getMessage());
    assertTrue(e.getMessage().contains("expected [1, N, 5 + C]"), e.getMessage());
  }

  @Test
  void missingAndNonTorchScriptFilesAreInputErrors(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("dass.pt");
    ReidInputException e1 = assertThrows(ReidInputException.class,
        () -> TorchScriptDetector.load(cpu(DetectorSettings.dass640(missing))));
    assertTrue(e1.getMessage().contains(missing.toString()), e1.getMessage());
    assertTrue(e1.getMessage().contains("no such file"), e1.getMessage());

    Path junk = Files.writeString(dir.resolve("junk.pt"), "not a TorchScript archive");
    ReidInputException e2 = assertThrows(ReidInputException.class,
        () -> TorchScriptDetector.load(cpu(DetectorSettings.dass640(junk))));
    assertTrue(e2.getMessage().contains(junk.toString()), e2.getMessage());
    assertTrue(e2.getMessage().contains("cannot load it as TorchScript"), e2.getMessage());
  }

  @Test
  void settingsAreValidatedAndDefaultToDass640() {
    DetectorSettings s = DetectorSettings.dass640(model);
    assertEquals(640, s.inputWidth());
    assertEquals(640, s.inputHeight());
    assertEquals(0.55, s.confidence());
    assertEquals(0.4, s.nms());
    DetectorSettings big = DetectorSettings.dass1024(model);
    assertEquals(1024, big.inputWidth());
    assertEquals(0.65, big.confidence());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DetectorSettings(model, 600, 640, 0.55, 0.4, "cpu"));
    assertTrue(e.getMessage().startsWith("detector.inputWidth"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new DetectorSettings(model, 640, 640, 1.2, 0.4, "cpu"));
  }

  @Test
  void aClosedDetectorSaysSo() {
    TorchScriptDetector d = TorchScriptDetector.load(cpu(DetectorSettings.dass640(model)));
    d.close();
    d.close(); // idempotent
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> d.detect(image(64, 64, null, null)));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }
}

package org.comicreid.activities.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loss history kept with the checkpoints, so that a resumed attempt continues the curve. */
class LossHistoryTest {

  @TempDir Path tmp;

  private static List<LossHistory.Point> history(double... lossesFromStep1) {
    List<LossHistory.Point> out = new java.util.ArrayList<>();
    for (int i = 0; i < lossesFromStep1.length; i++) {
      out.add(new LossHistory.Point(i + 1, "loss", lossesFromStep1[i]));
    }
    return out;
  }

  @Test
  void aResumedAttemptKeepsThePointsUpToItsCheckpointAndReplacesTheRest() {
    Path ck = tmp.resolve("ck");
    assertTrue(ck.toFile().mkdirs());
    LossHistory first = new LossHistory(ck, false);
    first.add(1, "loss", 3.0);
    first.add(2, "loss", 2.5);
    first.checkpointed(2);
    first.add(3, "loss", 2.25); // the attempt dies after step 3, past its last checkpoint
    LossHistory second = new LossHistory(ck, true);
    second.dropAfter(2);
    second.add(3, "loss", 2.2);
    second.add(3, "ssl_val.loss", 2.7);
    assertEquals(List.of(new LossHistory.Point(1, "loss", 3.0), new LossHistory.Point(2, "loss", 2.5),
        new LossHistory.Point(3, "loss", 2.2), new LossHistory.Point(3, "ssl_val.loss", 2.7)),
        second.points());
    // negative control: an attempt that starts from step 0 does not read an earlier history
    assertEquals(List.of(), new LossHistory(ck, false).points());
  }

  @Test
  void publishWritesTheTableAndAPlotOnlyWhenThereIsAFinitePoint() throws Exception {
    LossHistory h = new LossHistory(null, false);
    history(3, 2, 1.5).forEach(p -> h.add(p.step(), p.series(), p.value()));
    Path dir = Files.createDirectories(tmp.resolve("out"));
    assertTrue(h.publish(dir, "pretrain loss"));
    assertEquals(history(3, 2, 1.5), LossHistory.read(dir.resolve(LossHistory.TSV)));
    BufferedImage img = ImageIO.read(dir.resolve(LossHistory.PNG).toFile());
    assertEquals(640, img.getWidth());
    assertEquals(400, img.getHeight());

    LossHistory nan = new LossHistory(null, false);
    nan.add(1, "loss", Double.NaN);
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertFalse(nan.publish(empty, "pretrain loss"));
    assertTrue(Files.isRegularFile(empty.resolve(LossHistory.TSV)));
    assertFalse(Files.exists(empty.resolve(LossHistory.PNG)));
  }
}

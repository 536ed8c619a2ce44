package org.comicreid.learning.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.comicreid.learning.checkpoint.Checkpoint;
import org.comicreid.learning.data.CropImage;
import org.comicreid.learning.embed.FeatureExtractor;
import org.comicreid.learning.model.PartNetworks;
import org.comicreid.learning.training.Params;
import org.comicreid.learning.training.TrainingMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The variants are wired to the right terms and networks. */
class PretrainVariantsTest {

  /** 8 pairs, batch 4, two steps, no validation. */
  private static PretrainSettings twoSteps(PretrainVariant v) {
    return PretrainTrainerTest.settings().withMaxSteps(2).withVariant(v);
  }

  /** 8 pairs, batch 4, one step, no validation. */
  private static PretrainSettings oneStep(PretrainVariant v) {
    return PretrainTrainerTest.settings().withMaxSteps(1).withVariant(v);
  }

  private static PretrainResult train(PretrainSettings s, List<CropPair> data, Path dir)
      throws Exception {
    return PretrainTrainer.train(s, data, Files.createDirectories(dir), Optional.empty(),
        TrainingMonitor.none());
  }

  private static List<float[]> snapshot(org.comicreid.learning.model.ReidNetwork n) {
    return Params.snapshot(n.block());
  }

  /** The same pairs with one part replaced by other random crops. */
  private static List<CropPair> replaced(List<CropPair> data, boolean faces, long seed) {
    Random rnd = new Random(seed);
    List<CropPair> out = new ArrayList<>();
    for (CropPair p : data) {
      out.add(faces
          ? new CropPair(p.id(), PretrainTrainerTest.crop(rnd, 16), p.body())
          : new CropPair(p.id(), p.face(), PretrainTrainerTest.crop(rnd, 20)));
    }
    return out;
  }

  @Test
  void separateIsTheFaceModelAndTheBodyModelSideBySideAndTheExtractorUsesThePartsNetwork(
      @TempDir Path dir) throws Exception {
    List<CropPair> data = PretrainTrainerTest.pairs(8, 11);
    PretrainResult face = train(twoSteps(PretrainVariant.FACE), data, dir.resolve("face"));
    PretrainResult body = train(twoSteps(PretrainVariant.BODY), data, dir.resolve("body"));
    PretrainResult sep = train(twoSteps(PretrainVariant.SEPARATE), data, dir.resolve("sep"));
    PretrainResult aligned = train(twoSteps(PretrainVariant.ALIGNED), data, dir.resolve("aligned"));
    assertEquals("separate", Checkpoint.readHeader(sep.finalCheckpoint()).attributes().get("variant"));
    assertEquals(2, sep.steps());
    for (int i = 0; i < 2; i++) {
      assertEquals(face.lossPerStep().get(i) + body.lossPerStep().get(i), sep.lossPerStep().get(i),
          1e-4, "separate loss = face loss + body loss");
    }
    try (NDManager m = NDManager.newBaseManager();
        PartNetworks f = PretrainTrainer.load(face.finalCheckpoint(), m);
        PartNetworks b = PretrainTrainer.load(body.finalCheckpoint(), m);
        PartNetworks s = PretrainTrainer.load(sep.finalCheckpoint(), m);
        PartNetworks a = PretrainTrainer.load(aligned.finalCheckpoint(), m)) {
      assertTrue(s.separate() && !f.separate() && !a.separate());
      // the face network only ever saw the face term, the body network only the body term
      assertEquals(0.0, Params.maxAbsDiff(snapshot(f.face()), snapshot(s.face())));
      assertEquals(0.0, Params.maxAbsDiff(snapshot(b.body()), snapshot(s.body())));
      // negative controls: the two networks differ, and the aligned model is another model
      assertTrue(Params.maxAbsDiff(snapshot(s.face()), snapshot(s.body())) > 1e-3);
      assertTrue(Params.maxAbsDiff(snapshot(a.face()), snapshot(s.face())) > 1e-4);
    }

    List<CropImage> crops = new ArrayList<>();
    Random rnd = new Random(5);
    for (int i = 0; i < 3; i++) {
      crops.add(PretrainTrainerTest.crop(rnd, 16));
    }
    try (FeatureExtractor fs = FeatureExtractor.load(sep.finalCheckpoint());
        FeatureExtractor ff = FeatureExtractor.load(face.finalCheckpoint());
        FeatureExtractor fb = FeatureExtractor.load(body.finalCheckpoint())) {
      assertEquals(PretrainVariant.SEPARATE, fs.variant());
      assertTrue(fs.separate());
      assertThrows(IllegalStateException.class, () -> fs.extract(crops, 4));
      FeatureExtractor.Features faces = fs.extractFaces(crops, 4);
      FeatureExtractor.Features bodies = fs.extractBodies(crops, 4);
      FeatureExtractor.Features faceRef = ff.extract(crops, 4);
      FeatureExtractor.Features bodyRef = fb.extract(crops, 4);
      double apart = 0;
      for (int i = 0; i < crops.size(); i++) {
        assertArrayEquals(faceRef.middle()[i], faces.middle()[i]);
        assertArrayEquals(faceRef.head()[i], faces.head()[i]);
        assertArrayEquals(bodyRef.middle()[i], bodies.middle()[i]);
        assertArrayEquals(bodyRef.head()[i], bodies.head()[i]);
        for (int k = 0; k < faces.head()[i].length; k++) {
          apart = Math.max(apart, Math.abs(faces.head()[i][k] - bodies.head()[i][k]));
        }
        // a shared checkpoint gives the same features whichever part is asked for
        assertArrayEquals(ff.extractFaces(crops, 4).middle()[i], ff.extractBodies(crops, 4).middle()[i]);
      }
      assertTrue(apart > 1e-3, "face and body networks give different features");
    }
  }

  @Test
  void theFaceVariantNeverSeesBodiesTheBodyVariantNeverSeesFacesTheAlignedSeesBoth(
      @TempDir Path dir) throws Exception {
    List<CropPair> data = PretrainTrainerTest.pairs(8, 12);
    List<CropPair> otherBodies = replaced(data, false, 77);
    List<CropPair> otherFaces = replaced(data, true, 78);
    PretrainResult face = train(oneStep(PretrainVariant.FACE), data, dir.resolve("f1"));
    PretrainResult faceOther = train(oneStep(PretrainVariant.FACE), otherBodies, dir.resolve("f2"));
    assertEquals(face.lossPerStep(), faceOther.lossPerStep());
    assertEquals(-1L, Files.mismatch(face.finalCheckpoint(), faceOther.finalCheckpoint()));
    PretrainResult body = train(oneStep(PretrainVariant.BODY), data, dir.resolve("b1"));
    PretrainResult bodyOther = train(oneStep(PretrainVariant.BODY), otherFaces, dir.resolve("b2"));
    assertEquals(body.lossPerStep(), bodyOther.lossPerStep());
    assertEquals(-1L, Files.mismatch(body.finalCheckpoint(), bodyOther.finalCheckpoint()));
    // negative controls: the face variant does look at faces, the aligned one at bodies
    PretrainResult faceOtherFaces = train(oneStep(PretrainVariant.FACE), otherFaces, dir.resolve("f3"));
    assertTrue(Math.abs(face.lossPerStep().get(0) - faceOtherFaces.lossPerStep().get(0)) > 1e-4);
    PretrainResult aligned = train(oneStep(PretrainVariant.ALIGNED), data, dir.resolve("a1"));
    PretrainResult alignedOther = train(oneStep(PretrainVariant.ALIGNED), otherBodies, dir.resolve("a2"));
    assertTrue(Math.abs(aligned.lossPerStep().get(0) - alignedOther.lossPerStep().get(0)) > 1e-4);
  }

  @Test
  void variantsParseAndDeclareTheirTerms() {
    assertEquals(PretrainVariant.SEPARATE, PretrainVariant.parse(" Separate "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PretrainVariant.parse("both"));
    assertTrue(e.getMessage().contains("pretrain.variant") && e.getMessage().contains("'both'"));
    assertEquals(java.util.Set.of(SslTerm.FACE, SslTerm.BODY, SslTerm.IDENTITY),
        PretrainVariant.ALIGNED.trainedTerms());
    assertEquals(java.util.Set.of(SslTerm.FACE, SslTerm.BODY, SslTerm.IDENTITY),
        PretrainVariant.SEPARATE.validationTerms());
    assertEquals(java.util.Set.of(SslTerm.FACE, SslTerm.BODY), PretrainVariant.SEPARATE.trainedTerms());
    assertEquals(java.util.Set.of(SslTerm.BODY), PretrainVariant.BODY.validationTerms());
  }
}

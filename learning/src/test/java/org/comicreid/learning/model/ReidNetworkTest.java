package org.comicreid.learning.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ReidNetworkTest {

  @Test
  void specsGiveTheExpectedDimensionsAndDepths() {
    assertEquals(512, new BackboneSpec("resnet18", 64, false).featureDim());
    assertEquals(2048, new BackboneSpec("resnet50", 64, false).featureDim());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {3, 4, 6, 3}, new BackboneSpec("resnet34", 64, false).stages());
    assertEquals(true, BackboneSpec.forInput("tiny", 8, 64).smallInput());
    assertEquals(false, BackboneSpec.forInput("tiny", 8, 65).smallInput());
    assertThrows(IllegalArgumentException.class, () -> new BackboneSpec("resnet101", 64, false));
  }

  @Test
  void forwardShapesForBasicAndBottleneckBackbones() {
    try (NDManager m = NDManager.newBaseManager()) {
      for (BackboneSpec spec : new BackboneSpec[] {
          new BackboneSpec("tiny", 8, true), new BackboneSpec("resnet18", 4, true),
          new BackboneSpec("resnet50", 2, false)}) {
        try (ReidNetwork net = ReidNetwork.create(spec, m, 1)) {
          int side = spec.smallInput() ? 16 : 64;
          ReidNetwork.Outputs o = net.forward(m.randomNormal(new Shape(3, 3, side, side)), true);
          int d = spec.featureDim();
          assertEquals(new Shape(3, d), o.features().getShape());
          assertEquals(new Shape(3, d), o.middle().getShape());
          assertEquals(new Shape(3, 128), o.head().getShape());
          assertEquals(3f, o.head().square().sum().getFloat(), 1e-4f);
        }
      }
      // ResNet-18 at width 64: about 11.2 M backbone parameters (torchvision: 11.18 M without fc)
      try (ReidNetwork net = ReidNetwork.create(new BackboneSpec("resnet18", 64, false), m, 1)) {
        long count = 0;
        for (var p : net.block().getChildren().get(0).getValue().getParameters()) {
          if (p.getValue().requiresGradient()) {
            count += p.getValue().getArray().size();
          }
        }
        assertEquals(11_176_512L, count);
      }
    }
  }
}

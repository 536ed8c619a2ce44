package org.comicreid.learning.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Builds ResNet backbones from DJL layers (package-private helper of {@link ReidNetwork}). */
final class ResNets {

  private ResNets() {}

  static Block conv(int filters, int kernel, int stride) {
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .setFilters(filters)
        .optBias(false)
        .build();
  }

  static Block bn() {
    return BatchNorm.builder().build();
  }

  /** Backbone: stem, four stages, global average pooling, flatten → (N, featureDim). */
  static SequentialBlock backbone(BackboneSpec spec) {
    SequentialBlock net = new SequentialBlock();
    if (spec.smallInput()) {
      net.add(conv(spec.width(), 3, 1)).add(bn()).add(Activation.reluBlock());
    } else {
      net.add(conv(spec.width(), 7, 2)).add(bn()).add(Activation.reluBlock())
          .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    }
    int expansion = spec.bottleneck() ? 4 : 1;
    int inChannels = spec.width();
    int[] stages = spec.stages();
    for (int s = 0; s < stages.length; s++) {
      int channels = spec.width() << s;
      for (int b = 0; b < stages[s]; b++) {
        int stride = (s > 0 && b == 0) ? 2 : 1;
        net.add(unit(inChannels, channels, expansion, stride, spec.bottleneck()));
        inChannels = channels * expansion;
      }
    }
    net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
    return net;
  }

  private static Block unit(int in, int channels, int expansion, int stride, boolean bottleneck) {
    SequentialBlock main = new SequentialBlock();
    if (bottleneck) {
      main.add(conv(channels, 1, 1)).add(bn()).add(Activation.reluBlock())
          .add(conv(channels, 3, stride)).add(bn()).add(Activation.reluBlock())
          .add(conv(channels * expansion, 1, 1)).add(bn());
    } else {
      main.add(conv(channels, 3, stride)).add(bn()).add(Activation.reluBlock())
          .add(conv(channels, 3, 1)).add(bn());
    }
    Block shortcut;
    if (stride != 1 || in != channels * expansion) {
      shortcut = new SequentialBlock().add(conv(channels * expansion, 1, stride)).add(bn());
    } else {
      shortcut = new LambdaBlock(x -> x);
    }
    return new ParallelBlock(
        list -> new NDList(Activation.relu(
            list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow()))),
        List.of(main, shortcut));
  }
}

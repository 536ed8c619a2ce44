package org.comicreid.learning.model;

import java.util.List;
import java.util.Locale;

/**
 * Which ResNet backbone to build.
 *
 * <ul>
 *   <li>{@code resnet18}: basic blocks, stages [2, 2, 2, 2];
 *   <li>{@code resnet34}: basic blocks, stages [3, 4, 6, 3];
 *   <li>{@code resnet50}: bottleneck blocks (expansion 4), stages [3, 4, 6, 3] (2048-d at width 64);
 *   <li>{@code tiny}: basic blocks, stages [1, 1, 1, 1], for demos and tests.
 * </ul>
 *
 * <p>Stage {@code k} has {@code width · 2^k} channels ({@code · 4} for bottlenecks), so width 64 is
 * the standard network. <b>Stem rule:</b> with {@code smallInput} the stem is a 3×3 stride-1
 * convolution without max-pooling (CIFAR style); otherwise the ImageNet stem (7×7 stride 2 plus 3×3
 * stride-2 max-pool). {@link #forInput} sets {@code smallInput} when the smallest input side is at
 * most {@value #SMALL_INPUT_MAX} pixels.
 *
 * @param arch one of {@code resnet18}, {@code resnet34}, {@code resnet50}, {@code tiny}
 * @param width channels of the first stage (64 standard)
 * @param smallInput whether to use the small-input stem
 */
public record BackboneSpec(String arch, int width, boolean smallInput) {

  /** Largest input side (pixels) for which {@link #forInput} picks the small-input stem. */
  public static final int SMALL_INPUT_MAX = 64;

  /** Validates the architecture name and width. */
  public BackboneSpec {
    arch = arch == null ? "" : arch.strip().toLowerCase(Locale.ROOT);
    if (!List.of("resnet18", "resnet34", "resnet50", "tiny").contains(arch)) {
      throw new IllegalArgumentException(
          "backbone arch: expected resnet18, resnet34, resnet50 or tiny, got '" + arch + "'");
    }
    if (width < 1) {
      throw new IllegalArgumentException("backbone width must be positive, got " + width);
    }
  }

  /** A spec whose stem follows the input-size rule ({@code smallInput = minSide <= 64}). */
  public static BackboneSpec forInput(String arch, int width, int minSide) {
    return new BackboneSpec(arch, width, minSide <= SMALL_INPUT_MAX);
  }

  /** Blocks per stage. */
  public int[] stages() {
    return switch (arch) {
      case "resnet18" -> new int[] {2, 2, 2, 2};
      case "resnet34", "resnet50" -> new int[] {3, 4, 6, 3};
      default -> new int[] {1, 1, 1, 1};
    };
  }

  /** Whether the blocks are bottlenecks (expansion 4). */
  public boolean bottleneck() {
    return arch.equals("resnet50");
  }

  /** Feature dimension after global average pooling. */
  public int featureDim() {
    return width * 8 * (bottleneck() ? 4 : 1);
  }
}

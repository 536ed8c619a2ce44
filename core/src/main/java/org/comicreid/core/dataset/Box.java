package org.comicreid.core.dataset;

/**
 * An axis-aligned box in panel pixel coordinates, {@code x1 <= x2}, {@code y1 <= y2} (x grows to
 * the right, y downwards).
 */
public record Box(double x1, double y1, double x2, double y2) {
  public Box {
    if (!(x1 <= x2) || !(y1 <= y2)) {
      throw new IllegalArgumentException(
          "box corners out of order: (" + x1 + "," + y1 + ")-(" + x2 + "," + y2 + ")");
    }
  }

  public double width() {
    return x2 - x1;
  }

  public double height() {
    return y2 - y1;
  }

  public double area() {
    return width() * height();
  }

  /** Area of the intersection with {@code other} (0 when they do not overlap). */
  public double intersectionArea(Box other) {
    double w = Math.min(x2, other.x2) - Math.max(x1, other.x1);
    double h = Math.min(y2, other.y2) - Math.max(y1, other.y1);
    return w <= 0 || h <= 0 ? 0 : w * h;
  }

  /** This box clipped to {@code [0,width] x [0,height]}. */
  public Box clip(double width, double height) {
    double a = Math.max(0, Math.min(width, x1));
    double b = Math.max(0, Math.min(height, y1));
    double c = Math.max(0, Math.min(width, x2));
    double d = Math.max(0, Math.min(height, y2));
    return new Box(a, b, c, d);
  }
}

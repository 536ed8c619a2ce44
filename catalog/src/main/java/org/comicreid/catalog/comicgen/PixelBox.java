package org.comicreid.catalog.comicgen;

/**
 * A box of whole pixels: columns {@code x1 .. x2-1} and rows {@code y1 .. y2-1}, so that
 * {@code [x1, y1, x2, y2]} are the pixel-edge coordinates the dataset formats use.
 */
record PixelBox(int x1, int y1, int x2, int y2) {
  PixelBox {
    if (x2 < x1 || y2 < y1) {
      throw new IllegalArgumentException("empty box " + x1 + "," + y1 + "," + x2 + "," + y2);
    }
  }

  int width() {
    return x2 - x1;
  }

  int height() {
    return y2 - y1;
  }

  long area() {
    return (long) width() * height();
  }

  PixelBox shift(int dx, int dy) {
    return new PixelBox(x1 + dx, y1 + dy, x2 + dx, y2 + dy);
  }

  long intersectionArea(PixelBox o) {
    long w = Math.min(x2, o.x2) - Math.max(x1, o.x1);
    long h = Math.min(y2, o.y2) - Math.max(y1, o.y1);
    return w > 0 && h > 0 ? w * h : 0;
  }

  boolean inside(int width, int height) {
    return x1 >= 0 && y1 >= 0 && x2 <= width && y2 <= height;
  }

  boolean contains(PixelBox o) {
    return o.x1 >= x1 && o.y1 >= y1 && o.x2 <= x2 && o.y2 <= y2;
  }

  static PixelBox union(PixelBox a, PixelBox b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return new PixelBox(Math.min(a.x1, b.x1), Math.min(a.y1, b.y1), Math.max(a.x2, b.x2),
        Math.max(a.y2, b.y2));
  }

  int[] toArray() {
    return new int[] {x1, y1, x2, y2};
  }
}

package org.comicreid.catalog.synthetic;

import org.comicreid.catalog.synthetic.Designs.Accessory;
import org.comicreid.catalog.synthetic.Designs.CharacterDesign;
import org.comicreid.catalog.synthetic.Designs.HairStyle;
import org.comicreid.core.dataset.Box;

/**
 * One character drawn on one panel: its design, where it stands, how big, which way it faces, its
 * pose and expression. Geometry is in figure units (the figure is 1 tall, feet at y=0, head top at
 * y=-1, x to the figure's front) and maps to panel pixels by {@link #px} / {@link #py}.
 *
 * @param design the character
 * @param cx panel x of the feet centre
 * @param footY panel y of the feet
 * @param size figure height in pixels
 * @param mirror true when the figure faces left
 * @param armBack angle of the back arm from hanging straight down (radians, outwards positive)
 * @param armFront angle of the front arm
 * @param legSpread angle of each leg from vertical
 * @param mouth 0 smile, 1 frown, 2 open, 3 flat
 * @param brow eyebrow tilt in [-1,1] (negative angry, positive surprised)
 */
record Figure(
    CharacterDesign design,
    double cx,
    double footY,
    double size,
    boolean mirror,
    double armBack,
    double armFront,
    double legSpread,
    int mouth,
    double brow) {

  static final double ARM = 0.34;
  static final double LEG = 0.46;
  static final double HIP_Y = -0.46;
  static final double HAND_R = 0.035;

  double topExtra() {
    double hair = switch (design.hair()) {
      case SPIKY -> 0.06;
      case MOHAWK -> 0.07;
      case CURLY -> 0.045;
      case BOB, LONG, PONYTAIL -> 0.02;
      case BALD -> 0.0;
    };
    return design.accessories().contains(Accessory.HAT) ? Math.max(hair, 0.08) : hair;
  }

  double headHalfW() {
    return switch (design.head()) {
      case ROUND -> 0.105;
      case OVAL -> 0.09;
      case SQUARE -> 0.1;
      case LONG -> 0.08;
      case PEAR -> 0.095;
    };
  }

  double headHalfH() {
    return switch (design.head()) {
      case LONG -> 0.13;
      case SQUARE -> 0.105;
      case ROUND -> 0.105;
      default -> 0.115;
    };
  }

  double headCy() {
    return -1 + topExtra() + headHalfH();
  }

  double headBottom() {
    return headCy() + headHalfH();
  }

  double shoulderY() {
    return headBottom() + 0.03;
  }

  double torsoHalfW() {
    return 0.12 * design.build();
  }

  double hipHalfW() {
    return 0.1 * design.build();
  }

  double hairSide() {
    HairStyle h = design.hair();
    return h == HairStyle.BOB || h == HairStyle.LONG || h == HairStyle.CURLY ? 0.025 : 0.0;
  }

  /** Hand centre of the back (-1) or front (+1) arm, figure units. */
  double[] hand(int side) {
    double angle = side < 0 ? armBack : armFront;
    double sx = side * torsoHalfW();
    return new double[] {sx + side * ARM * Math.sin(angle), shoulderY() + ARM * Math.cos(angle)};
  }

  /** Foot centre of the back (-1) or front (+1) leg, figure units. */
  double[] foot(int side) {
    double hx = side * 0.05 * design.build();
    return new double[] {hx + side * LEG * Math.sin(legSpread), HIP_Y + LEG * Math.cos(legSpread)};
  }

  double px(double x) {
    return cx + (mirror ? -x : x) * size;
  }

  double py(double y) {
    return footY + y * size;
  }

  /** The head region (with hair and hat) in panel pixels, not clipped to the panel. */
  Box faceBox() {
    double w = headHalfW() + hairSide();
    return box(-w, -1, w, headBottom());
  }

  /** The whole figure in panel pixels, not clipped to the panel. */
  Box bodyBox() {
    double w = headHalfW() + hairSide();
    double x1 = Math.min(-w, -torsoHalfW() - 0.03);
    double x2 = Math.max(w, torsoHalfW() + 0.03);
    double y1 = -1;
    double y2 = 0;
    for (int side = -1; side <= 1; side += 2) {
      double[] h = hand(side);
      x1 = Math.min(x1, h[0] - HAND_R);
      x2 = Math.max(x2, h[0] + HAND_R);
      y1 = Math.min(y1, h[1] - HAND_R);
      double[] f = foot(side);
      x1 = Math.min(x1, f[0] - 0.07);
      x2 = Math.max(x2, f[0] + 0.07);
      y2 = Math.max(y2, f[1] + 0.025);
    }
    return box(x1, y1, x2, y2);
  }

  private Box box(double lx1, double ly1, double lx2, double ly2) {
    double a = px(lx1);
    double b = px(lx2);
    return new Box(Math.min(a, b), py(ly1), Math.max(a, b), py(ly2));
  }
}

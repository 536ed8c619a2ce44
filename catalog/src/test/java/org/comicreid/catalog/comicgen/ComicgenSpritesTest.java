package org.comicreid.catalog.comicgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.comicreid.catalog.comicgen.Sprites.Sprite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComicgenSpritesTest {

  @TempDir Path tmp;

  @Test
  void arcsWithAbsurdRadiiBecomeLinesToTheirEndPoint() {
    // aavatar/expression/thinlines/curious.svg: "…a2747228489967.7,2747228489967.7,0,0,1-.2.6"
    assertEquals("M254.9,142.2l-.2,.6z",
        Sprites.arcsFixed("M254.9,142.2a2747228489967.7,2747228489967.7,0,0,1-.2.6z"));
    assertEquals("M0 0L10,20", Sprites.arcsFixed("M0 0A3e9 3e9 0 1 0 10 20"));
    // a normal arc stays (rewritten with commas), a huge one after it on the same command goes
    assertEquals("M1 1a5,5,0,0,1,2,2 l3,-3z",
        Sprites.arcsFixed("M1 1a5 5 0 0 1 2 2 1e9 1e9 0 0 0 3-3z"));
    assertEquals("M0,0a7.7,7.7,0,0,0,.2,-1.5", Sprites.arcsFixed("M0,0a7.7,7.7,0,0,0,.2-1.5"));
    // no arc, or one that does not parse: unchanged
    assertEquals("M0 0L5 5z", Sprites.arcsFixed("M0 0L5 5z"));
    assertEquals("M0 0a1", Sprites.arcsFixed("M0 0a1"));
  }

  @Test
  void aStraightenedArcNoLongerCrossesTheCanvas() throws Exception {
    // a 2x2 square and a degenerate arc that JSVG would stroke across the canvas
    Path svg = tmp.resolve("part.svg");
    Files.writeString(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 500 600\">"
        + "<path d=\"M250,100h20v20h-20z\"/>"
        + "<path d=\"M254.9,112.2a2747228489967.7,2747228489967.7,0,0,1-.2.6\" fill=\"none\""
        + " stroke=\"#000\"/></svg>");
    Sprite s = Sprites.render(svg, Map.of(), 500, 600, 500, 600);
    assertNotNull(s.art());
    assertEquals(new PixelBox(250, 100, 270, 120), s.art());
  }

  @Test
  void recolouringChangesFillsButNotTheShapeAndMirroringFlipsAboutTheCanvasCentre()
      throws Exception {
    Path svg = tmp.resolve("part.svg");
    Files.writeString(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 500 600\">"
        + "<path d=\"M100,100h50v100h-50z\" fill=\"#EEDDC5\"/></svg>");
    Sprite plain = Sprites.render(svg, Map.of(), 500, 600, 250, 300);
    Sprite red = Sprites.render(svg, Map.of("#eeddc5", "#ff0000"), 500, 600, 250, 300);
    assertEquals(new PixelBox(50, 50, 75, 100), plain.art());
    assertEquals(plain.art(), red.art());
    assertEquals(0xffeeddc5, plain.image().getRGB(10, 10));
    assertEquals(0xffff0000, red.image().getRGB(10, 10));

    Sprites cache = new Sprites();
    Sprite mirrored = cache.get(svg, Map.of(), 500, 600, 250, 300, true);
    // columns 50..74 of a 250-wide canvas flip to 175..199
    assertEquals(new PixelBox(175, 50, 200, 100), mirrored.art());
    assertTrue(cache.get(svg, Map.of(), 500, 600, 250, 300, true) == mirrored, "cached");
  }
}

package org.comicreid.worker.assign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.comicreid.activities.stages.Artifacts;
import org.comicreid.activities.stages.PairActivitiesImpl;
import org.comicreid.catalog.images.CropSpec;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.dataset.Box;
import org.comicreid.core.dataset.DatasetSnapshot;
import org.comicreid.core.dataset.DetectionRecord;
import org.comicreid.core.dataset.InstanceRecord;
import org.comicreid.core.dataset.PanelRecord;
import org.comicreid.core.dataset.PartKind;
import org.comicreid.core.dataset.SequenceRecord;
import org.comicreid.core.pairing.FaceBodyPairing;
import org.comicreid.core.pairing.Pairing;
import org.comicreid.core.pairing.PairingRule;

/**
 * The sequences {@code reid assign} assigns identities in, with their panels and character
 * instances (face and body boxes, and the crop specs the model reads): either a catalog dataset's
 * sequences with its stored boxes ({@link #fromDataset}), or a directory of new panel images with
 * detections from a file or the run's detector ({@link #fromDirectory}).
 */
public final class PanelSequences {

  /** Image file endings read in a panels directory (case-insensitive). */
  static final List<String> IMAGE_ENDINGS = List.of(".png", ".jpg", ".jpeg");

  private PanelSequences() {}

  /**
   * One panel.
   *
   * @param id the panel's id (catalog external id, or {@code <sequence dir>/<file>})
   * @param image the panel image, or null when the dataset has none (pre-cropped instances)
   */
  public record Panel(String id, Path image, int width, int height) {}

  /**
   * One character instance.
   *
   * @param id the instance id (catalog id, or numbered from 1 for a directory)
   * @param externalId the dataset's id of it, or {@code <panel id>#<n>}
   * @param panel index of its panel in the sequence
   * @param face its face box in its image's pixels, or null
   * @param body its body box, or null
   * @param onPanel true when the boxes are on the panel image (false: on pre-cropped images)
   * @param faceCrop crop spec of the face ({@code ""} = none)
   * @param bodyCrop crop spec of the body ({@code ""} = none)
   * @param truth the sequence-local true label, or null when unknown
   * @param globalTruth the dataset-wide true identity (the catalog's kept-aside truth), or null
   */
  public record Instance(long id, String externalId, int panel, Box face, Box body,
      boolean onPanel, String faceCrop, String bodyCrop, String truth, String globalTruth) {}

  /** One sequence. */
  public record Sequence(String id, String series, String split, List<Panel> panels,
      List<Instance> instances) {
    public Sequence {
      panels = List.copyOf(panels);
      instances = List.copyOf(instances);
    }

    /** True when the instances have true labels. */
    public boolean labelled() {
      return !instances.isEmpty() && instances.stream().allMatch(i -> i.truth() != null);
    }
  }

  /** The crop settings of the run's pair stage ({@code pair.face_size} and so on). */
  record CropSettings(int faceSize, int bodySize, double faceScale) {
    static CropSettings of(Map<String, String> pairParams) {
      try {
        return new CropSettings(Integer.parseInt(pairParams.get("pair.face_size")),
            Integer.parseInt(pairParams.get("pair.body_size")),
            Double.parseDouble(pairParams.get("pair.face_scale")));
      } catch (RuntimeException e) {
        throw new ReidInputException("the run's pair stage records no usable pair.face_size,"
            + " pair.body_size and pair.face_scale: " + pairParams);
      }
    }

    String spec(String image, Box box, boolean precropped, PartKind kind) {
      return CropSpec.ofPart(image, box, precropped, kind, faceSize, bodySize, faceScale).encode();
    }
  }

  /**
   * A catalog dataset's sequences of one split ({@code all}: every split), each with its labelled
   * instances and their stored boxes.
   *
   * @param runCrops the crop specs of the run's own pair output by instance id, used when the
   *     dataset is the one the run was trained on (the crops the pipeline itself cut, jitter
   *     included); empty for another dataset, whose crops are made from the stored boxes
   * @param pairParams the run's pair config slice
   */
  public static List<Sequence> fromDataset(DatasetSnapshot ds, String split,
      Map<Long, Artifacts.InstanceRow> runCrops, Map<String, String> pairParams) {
    CropSettings crops = CropSettings.of(pairParams);
    Map<Long, PanelRecord> panels = ds.panelsById();
    Map<Long, InstanceRecord> instances = ds.instancesById();
    Map<Long, DetectionRecord> detections = ds.detectionsById();
    List<Sequence> out = new ArrayList<>();
    for (SequenceRecord s : ds.sequences()) {
      if (!split.equals("all") && !s.split().equals(split)) {
        continue;
      }
      List<Panel> ps = new ArrayList<>();
      for (long pid : s.panelIds()) {
        PanelRecord p = panels.get(pid);
        Path image = p.imagePath().isEmpty() ? null : Path.of(p.imagePath());
        ps.add(new Panel(p.externalId(), image, p.width(), p.height()));
      }
      List<Instance> is = new ArrayList<>();
      for (long id : new java.util.TreeSet<>(s.labels().keySet())) {
        InstanceRecord inst = instances.get(id);
        PanelRecord panel = panels.get(inst.panelId());
        DetectionRecord f = inst.hasFace() ? detections.get(inst.faceDetectionId()) : null;
        DetectionRecord b = inst.hasBody() ? detections.get(inst.bodyDetectionId()) : null;
        String faceCrop;
        String bodyCrop;
        Artifacts.InstanceRow row = runCrops.get(id);
        if (row != null) {
          faceCrop = row.faceCrop();
          bodyCrop = row.bodyCrop();
        } else {
          faceCrop = f == null ? "" : crops.spec(f.precropped() ? f.imagePath()
              : panel.imagePath(), f.box(), f.precropped(), PartKind.FACE);
          bodyCrop = b == null ? "" : crops.spec(b.precropped() ? b.imagePath()
              : panel.imagePath(), b.box(), b.precropped(), PartKind.BODY);
        }
        boolean onPanel = (f == null || !f.precropped()) && (b == null || !b.precropped());
        is.add(new Instance(id, inst.externalId(), s.panelIds().indexOf(inst.panelId()),
            f == null ? null : f.box(), b == null ? null : b.box(), onPanel, faceCrop, bodyCrop,
            s.labels().get(id), ds.truth().get(id)));
      }
      out.add(new Sequence(s.externalId(), s.series(), s.split(), ps, is));
    }
    return out;
  }

  /** One panel's boxes, as a detections file or the detector gives them. */
  public record PanelBoxes(List<Box> faces, List<Box> bodies) {
    public PanelBoxes {
      faces = List.copyOf(faces);
      bodies = List.copyOf(bodies);
    }
  }

  /**
   * The layout of a panels directory: one sub-directory per sequence (sequences in name order),
   * its panel images ({@link #IMAGE_ENDINGS}) in name order; other files are ignored.
   *
   * @return sequence name to its panel image files
   * @throws ReidInputException naming the directory or file that breaks the layout
   */
  public static Map<String, List<Path>> layout(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ReidInputException("--panels " + dir + ": not a directory, and no dataset of that"
          + " name in the catalog");
    }
    Map<String, List<Path>> out = new LinkedHashMap<>();
    for (Path entry : list(dir)) {
      if (Files.isDirectory(entry)) {
        List<Path> images = list(entry).stream().filter(PanelSequences::isImage).toList();
        if (images.isEmpty()) {
          throw new ReidInputException("--panels " + dir + ": sequence directory " + entry
              + " holds no panel image (" + String.join(", ", IMAGE_ENDINGS) + ")");
        }
        out.put(entry.getFileName().toString(), images);
      } else if (isImage(entry)) {
        throw new ReidInputException("--panels " + dir + ": image " + entry + " lies directly in"
            + " the panels directory; expected one sub-directory per sequence holding its panel"
            + " images in reading (name) order, e.g. " + dir.resolve("seq1").resolve("1.png"));
      }
    }
    if (out.isEmpty()) {
      throw new ReidInputException("--panels " + dir + ": no sequence directories; expected one"
          + " sub-directory per sequence holding its panel images in reading (name) order");
    }
    return out;
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p) && IMAGE_ENDINGS.stream().anyMatch(n::endsWith)
        && !n.startsWith(".");
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new ReidInputException("--panels: cannot list " + dir + ": " + e.getMessage());
    }
  }

  /**
   * Reads a detections file: a JSON array of panels in the DASS per-panel shape of the
   * character-instances format, {@code {"image": "<sequence>/<file>", "faces": [[x1, y1, x2, y2,
   * score], ...], "bodies": [...]}}, {@code image} relative to the panels directory; the score is
   * optional; other keys ({@code series_id}, {@code page_id}) are ignored. Panels it does not
   * name have no boxes.
   *
   * @param images the layout's image files (absolute), each with its size
   * @return image file to its boxes
   * @throws ReidInputException naming the file, the entry and what was expected
   */
  public static Map<Path, PanelBoxes> readDetections(Path file, Path dir,
      Map<Path, int[]> images) {
    JsonNode doc;
    try {
      doc = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new ReidInputException("--detections " + file + ": not readable JSON: "
          + e.getMessage());
    }
    if (doc == null || !doc.isArray()) {
      throw new ReidInputException("--detections " + file + ": expected a JSON array of panels"
          + " {\"image\": ..., \"faces\": [[x1, y1, x2, y2, score], ...], \"bodies\": [...]}");
    }
    Map<Path, PanelBoxes> out = new HashMap<>();
    for (int i = 0; i < doc.size(); i++) {
      JsonNode p = doc.get(i);
      String where = "--detections " + file + ": entry " + i;
      String image = p.path("image").asText("");
      if (image.isEmpty()) {
        throw new ReidInputException(where + ": expected an \"image\" path relative to " + dir);
      }
      Path img = dir.resolve(image).toAbsolutePath().normalize();
      int[] size = images.get(img);
      if (size == null) {
        throw new ReidInputException(where + ": image '" + image + "' is not a panel of " + dir
            + " (expected <sequence directory>/<image file>)");
      }
      if (out.containsKey(img)) {
        throw new ReidInputException(where + ": image '" + image + "' is listed twice");
      }
      out.put(img, new PanelBoxes(boxes(p.path("faces"), where + " (" + image + ") faces", size),
          boxes(p.path("bodies"), where + " (" + image + ") bodies", size)));
    }
    return out;
  }

  private static List<Box> boxes(JsonNode arr, String where, int[] size) {
    List<Box> out = new ArrayList<>();
    if (arr.isMissingNode() || arr.isNull()) {
      return out;
    }
    if (!arr.isArray()) {
      throw new ReidInputException(where + ": expected an array of [x1, y1, x2, y2, score]");
    }
    for (int k = 0; k < arr.size(); k++) {
      JsonNode b = arr.get(k);
      if (!b.isArray() || (b.size() != 4 && b.size() != 5)) {
        throw new ReidInputException(where + "[" + k + "]: expected [x1, y1, x2, y2] or [x1, y1,"
            + " x2, y2, score]");
      }
      double[] v = new double[4];
      for (int c = 0; c < 4; c++) {
        if (!b.get(c).isNumber()) {
          throw new ReidInputException(where + "[" + k + "]: coordinate " + c + " is not a number");
        }
        v[c] = b.get(c).asDouble();
      }
      if (v[0] > v[2] || v[1] > v[3] || v[0] < -1 || v[1] < -1 || v[2] > size[0] + 1
          || v[3] > size[1] + 1) {
        throw new ReidInputException(where + "[" + k + "]: box " + java.util.Arrays.toString(v)
            + " is not inside the " + size[0] + "x" + size[1] + " image with x1 <= x2, y1 <= y2");
      }
      out.add(new Box(v[0], v[1], v[2], v[3]).clip(size[0], size[1]));
    }
    return out;
  }

  /** The size {@code [width, height]} of an image, read fully (a broken file is an input error). */
  static int[] size(Path image) {
    try {
      BufferedImage img = ImageIO.read(image.toFile());
      if (img == null) {
        throw new ReidInputException("--panels: " + image + " is not an image ImageIO can read");
      }
      return new int[] {img.getWidth(), img.getHeight()};
    } catch (IOException e) {
      throw new ReidInputException("--panels: cannot read " + image + ": " + e.getMessage());
    }
  }

  /**
   * The sequences of a panels directory: every panel's boxes ({@code boxesOf}), faces paired with
   * bodies per panel by the run's pair rule ({@link FaceBodyPairing}); every pairing, complete or
   * not, is one instance (numbered from 1 in sequence, panel and pairing order). The panels have
   * no true identities.
   *
   * @param layout {@link #layout}
   * @param boxesOf each image's boxes
   */
  public static List<Sequence> fromDirectory(Map<String, List<Path>> layout,
      Map<Path, int[]> sizes, Function<Path, PanelBoxes> boxesOf, Map<String, String> pairParams) {
    CropSettings crops = CropSettings.of(pairParams);
    PairingRule rule = PairActivitiesImpl.rule(pairParams);
    double minRate = Double.parseDouble(Objects.requireNonNull(pairParams.get("pair.min_rate"),
        "pair.min_rate"));
    List<Sequence> out = new ArrayList<>();
    long next = 1;
    for (Map.Entry<String, List<Path>> e : layout.entrySet()) {
      List<Panel> panels = new ArrayList<>();
      List<Instance> instances = new ArrayList<>();
      for (int pi = 0; pi < e.getValue().size(); pi++) {
        Path img = e.getValue().get(pi).toAbsolutePath().normalize();
        int[] size = sizes.get(img);
        String panelId = e.getKey() + "/" + img.getFileName();
        panels.add(new Panel(panelId, img, size[0], size[1]));
        PanelBoxes boxes = boxesOf.apply(img);
        if (boxes == null) {
          continue;
        }
        int n = 0;
        for (Pairing pr : FaceBodyPairing.pair(boxes.faces(), boxes.bodies(), rule, minRate)) {
          Box f = pr.face() >= 0 ? boxes.faces().get(pr.face()) : null;
          Box b = pr.body() >= 0 ? boxes.bodies().get(pr.body()) : null;
          String image = img.toString();
          instances.add(new Instance(next++, panelId + "#" + n++, pi, f, b, true,
              f == null ? "" : crops.spec(image, f, false, PartKind.FACE),
              b == null ? "" : crops.spec(image, b, false, PartKind.BODY), null, null));
        }
      }
      out.add(new Sequence(e.getKey(), "", "", panels, instances));
    }
    return out;
  }

  /** Every image of a layout with its size. */
  public static Map<Path, int[]> sizes(Map<String, List<Path>> layout) {
    Map<Path, int[]> out = new LinkedHashMap<>();
    for (List<Path> images : layout.values()) {
      for (Path p : images) {
        out.put(p.toAbsolutePath().normalize(), size(p));
      }
    }
    return out;
  }
}

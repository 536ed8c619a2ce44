package org.comicreid.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A face or body box found in a panel (pixel coordinates, x1,y1 top-left) with its score. */
@Entity
@Table(name = "detection")
@NamedQuery(
    name = "Detection.findByPanel",
    query = "select d from Detection d where d.panel.id = :panelId order by d.id")
@NamedQuery(
    name = "Detection.countByDataset",
    query =
        "select count(d) from Detection d join d.panel p join p.page pg join pg.series s"
            + " where s.dataset.id = :datasetId")
public class Detection {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "detection_gen")
  @SequenceGenerator(name = "detection_gen", sequenceName = "detection_seq", allocationSize = 50)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "panel_id", nullable = false)
  private Panel panel;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  @Column(name = "kind", nullable = false, length = 16)
  private DetectionKind kind;

  @Column(name = "x1", nullable = false)
  private double x1;

  @Column(name = "y1", nullable = false)
  private double y1;

  @Column(name = "x2", nullable = false)
  private double x2;

  @Column(name = "y2", nullable = false)
  private double y2;

  @Column(name = "score", nullable = false)
  private double score;

  /** The source's own id of this box (e.g. {@code 1014_14_0_face_0}), or null. */
  @Column(name = "external_id", length = 255)
  private String externalId;

  /**
   * For already-cropped images: the image file this box refers to (the box then covers it
   * whole); null when the box is on the panel image.
   */
  @Column(name = "image_path", length = 4000)
  private String imagePath;

  protected Detection() {}

  public Detection(
      Panel panel, DetectionKind kind, double x1, double y1, double x2, double y2, double score) {
    this.panel = Objects.requireNonNull(panel, "panel");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.x1 = x1;
    this.y1 = y1;
    this.x2 = x2;
    this.y2 = y2;
    this.score = score;
  }

  /** A box with the source's id and, for an already-cropped image, that image's file. */
  public Detection(Panel panel, DetectionKind kind, double x1, double y1, double x2, double y2,
      double score, String externalId, String imagePath) {
    this(panel, kind, x1, y1, x2, y2, score);
    this.externalId = externalId;
    this.imagePath = imagePath;
  }

  public String getExternalId() {
    return externalId;
  }

  public String getImagePath() {
    return imagePath;
  }

  public Long getId() {
    return id;
  }

  public Panel getPanel() {
    return panel;
  }

  public DetectionKind getKind() {
    return kind;
  }

  public double getX1() {
    return x1;
  }

  public double getY1() {
    return y1;
  }

  public double getX2() {
    return x2;
  }

  public double getY2() {
    return y2;
  }

  public double getScore() {
    return score;
  }

  @Override
  public String toString() {
    return "Detection[" + id + ", " + kind + " " + x1 + "," + y1 + "," + x2 + "," + y2 + "]";
  }
}

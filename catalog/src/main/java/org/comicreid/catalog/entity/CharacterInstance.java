package org.comicreid.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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

/**
 * A character instance: a face, a body, or a face and body paired in one panel (paper, Appendix
 * B). Its external id is unique within the dataset and links instances across sequences that share
 * a panel.
 */
@Entity
@Table(name = "character_instance")
@NamedQuery(
    name = "CharacterInstance.findByDataset",
    query =
        "select i from CharacterInstance i join fetch i.panel left join fetch i.face"
            + " left join fetch i.body where i.dataset.id = :datasetId order by i.externalId")
@NamedQuery(
    name = "CharacterInstance.findByExternalId",
    query =
        "select i from CharacterInstance i left join fetch i.face left join fetch i.body"
            + " where i.dataset.id = :datasetId and i.externalId = :externalId")
@NamedQuery(
    name = "CharacterInstance.findByPanels",
    query =
        "select i from CharacterInstance i left join fetch i.face left join fetch i.body"
            + " where i.panel.id in :panelIds order by i.externalId")
public class CharacterInstance {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "character_instance_gen")
  @SequenceGenerator(
      name = "character_instance_gen",
      sequenceName = "character_instance_seq",
      allocationSize = 50)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "dataset_id", nullable = false)
  private Dataset dataset;

  @Column(name = "external_id", nullable = false)
  private String externalId;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "panel_id", nullable = false)
  private Panel panel;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "face_detection_id")
  private Detection face;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "body_detection_id")
  private Detection body;

  protected CharacterInstance() {}

  /** At least one of {@code face} and {@code body} must be given. */
  public CharacterInstance(
      Dataset dataset, String externalId, Panel panel, Detection face, Detection body) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.externalId = Objects.requireNonNull(externalId, "externalId");
    this.panel = Objects.requireNonNull(panel, "panel");
    if (face == null && body == null) {
      throw new IllegalArgumentException(
          "character instance " + externalId + " needs a face or a body detection");
    }
    this.face = face;
    this.body = body;
  }

  public Long getId() {
    return id;
  }

  public Dataset getDataset() {
    return dataset;
  }

  public String getExternalId() {
    return externalId;
  }

  public Panel getPanel() {
    return panel;
  }

  /** The face detection, or null. */
  public Detection getFace() {
    return face;
  }

  /** The body detection, or null. */
  public Detection getBody() {
    return body;
  }

  @Override
  public String toString() {
    return "CharacterInstance[" + id + ", " + externalId + "]";
  }
}

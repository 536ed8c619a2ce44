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
 * A sequence-local identity label given to a character instance: two instances with the same
 * label in the same sequence are the same character; labels of different sequences say nothing
 * about each other (paper, Appendix C.1).
 */
@Entity
@Table(name = "identity_annotation")
@NamedQuery(
    name = "IdentityAnnotation.findBySequence",
    query =
        "select a from IdentityAnnotation a join fetch a.instance"
            + " where a.sequence.id = :sequenceId order by a.identityLabel, a.instance.externalId")
@NamedQuery(
    name = "IdentityAnnotation.findByDataset",
    query =
        "select a from IdentityAnnotation a join fetch a.instance join fetch a.sequence s"
            + " where s.dataset.id = :datasetId order by s.externalId, a.identityLabel, a.id")
public class IdentityAnnotation {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "identity_annotation_gen")
  @SequenceGenerator(
      name = "identity_annotation_gen",
      sequenceName = "identity_annotation_seq",
      allocationSize = 50)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "sequence_id", nullable = false)
  private ComicSequence sequence;

  @Column(name = "identity_label", nullable = false)
  private String identityLabel;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "instance_id", nullable = false)
  private CharacterInstance instance;

  protected IdentityAnnotation() {}

  public IdentityAnnotation(
      ComicSequence sequence, String identityLabel, CharacterInstance instance) {
    this.sequence = Objects.requireNonNull(sequence, "sequence");
    this.identityLabel = Objects.requireNonNull(identityLabel, "identityLabel");
    this.instance = Objects.requireNonNull(instance, "instance");
  }

  public Long getId() {
    return id;
  }

  public ComicSequence getSequence() {
    return sequence;
  }

  public String getIdentityLabel() {
    return identityLabel;
  }

  public CharacterInstance getInstance() {
    return instance;
  }
}

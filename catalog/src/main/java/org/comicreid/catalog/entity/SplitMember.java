package org.comicreid.catalog.entity;

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

/** Membership of one sequence in one split. */
@Entity
@Table(name = "split_member")
@NamedQuery(
    name = "SplitMember.sequencesOf",
    query =
        "select m.sequence from SplitMember m where m.split.id = :splitId"
            + " order by m.sequence.externalId")
public class SplitMember {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "split_member_gen")
  @SequenceGenerator(
      name = "split_member_gen",
      sequenceName = "split_member_seq",
      allocationSize = 50)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "split_id", nullable = false)
  private DataSplit split;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "sequence_id", nullable = false)
  private ComicSequence sequence;

  protected SplitMember() {}

  public SplitMember(DataSplit split, ComicSequence sequence) {
    this.split = Objects.requireNonNull(split, "split");
    this.sequence = Objects.requireNonNull(sequence, "sequence");
  }

  public Long getId() {
    return id;
  }

  public DataSplit getSplit() {
    return split;
  }

  public ComicSequence getSequence() {
    return sequence;
  }
}

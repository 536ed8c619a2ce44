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

/** A tag of a local tracking run; one value per run and key. */
@Entity
@Table(name = "tracking_tag")
@NamedQuery(
    name = "TrackingTag.findByRun",
    query = "select x from TrackingTag x where x.run.id = :runPk order by x.key")
public class TrackingTag {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "tracking_tag_gen")
  @SequenceGenerator(
      name = "tracking_tag_gen",
      sequenceName = "tracking_tag_seq",
      allocationSize = 50)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "run_id", nullable = false)
  private TrackingRunEntity run;

  @Column(name = "tag_key", nullable = false)
  private String key;

  @Column(name = "tag_value", nullable = false, length = 8000)
  private String value;

  protected TrackingTag() {}

  public TrackingTag(TrackingRunEntity run, String key, String value) {
    this.run = run;
    this.key = key;
    this.value = value;
  }

  public Long getId() {
    return id;
  }

  public TrackingRunEntity getRun() {
    return run;
  }

  public String getKey() {
    return key;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }
}

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

/** A page of a series, identified within it by its COMICS page id (e.g. {@code 1_2}). */
@Entity
@Table(name = "page")
@NamedQuery(
    name = "Page.findBySeries",
    query = "select p from Page p where p.series.id = :seriesId order by p.externalId")
public class Page {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "page_gen")
  @SequenceGenerator(name = "page_gen", sequenceName = "page_seq", allocationSize = 50)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "series_id", nullable = false)
  private Series series;

  @Column(name = "external_id", nullable = false)
  private String externalId;

  protected Page() {}

  public Page(Series series, String externalId) {
    this.series = Objects.requireNonNull(series, "series");
    this.externalId = Objects.requireNonNull(externalId, "externalId");
  }

  public Long getId() {
    return id;
  }

  public Series getSeries() {
    return series;
  }

  public String getExternalId() {
    return externalId;
  }

  @Override
  public String toString() {
    return "Page[" + id + ", " + externalId + "]";
  }
}

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

/** A comic series (a COMICS book id such as {@code 1551}) within a dataset. */
@Entity
@Table(name = "series")
@NamedQuery(
    name = "Series.findByDataset",
    query = "select s from Series s where s.dataset.id = :datasetId order by s.externalId")
@NamedQuery(
    name = "Series.findByExternalId",
    query = "select s from Series s where s.dataset.id = :datasetId and s.externalId = :externalId")
public class Series {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "series_gen")
  @SequenceGenerator(name = "series_gen", sequenceName = "series_seq", allocationSize = 50)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "dataset_id", nullable = false)
  private Dataset dataset;

  @Column(name = "external_id", nullable = false)
  private String externalId;

  @Column(name = "title", length = 1000)
  private String title;

  protected Series() {}

  public Series(Dataset dataset, String externalId, String title) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.externalId = Objects.requireNonNull(externalId, "externalId");
    this.title = title;
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

  public String getTitle() {
    return title;
  }

  @Override
  public String toString() {
    return "Series[" + id + ", " + externalId + "]";
  }
}

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

/** A named split of a dataset's sequences ({@code train}, {@code val}, {@code test}, ...). */
@Entity
@Table(name = "data_split")
@NamedQuery(
    name = "DataSplit.findByName",
    query = "select s from DataSplit s where s.dataset.id = :datasetId and s.name = :name")
@NamedQuery(
    name = "DataSplit.findByDataset",
    query = "select s from DataSplit s where s.dataset.id = :datasetId order by s.name")
public class DataSplit {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "data_split_gen")
  @SequenceGenerator(name = "data_split_gen", sequenceName = "data_split_seq", allocationSize = 50)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "dataset_id", nullable = false)
  private Dataset dataset;

  @Column(name = "name", nullable = false, length = 64)
  private String name;

  protected DataSplit() {}

  public DataSplit(Dataset dataset, String name) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.name = Objects.requireNonNull(name, "name");
  }

  public Long getId() {
    return id;
  }

  public Dataset getDataset() {
    return dataset;
  }

  public String getName() {
    return name;
  }

  @Override
  public String toString() {
    return "DataSplit[" + id + ", " + name + "]";
  }
}

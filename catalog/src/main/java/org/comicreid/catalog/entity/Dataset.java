package org.comicreid.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** A named, versioned collection of comic series with their annotations (e.g. a COMICS subset). */
@Entity
@Table(name = "dataset")
@NamedQuery(name = "Dataset.findByName", query = "select d from Dataset d where d.name = :name")
@NamedQuery(name = "Dataset.findAll", query = "select d from Dataset d order by d.name")
public class Dataset {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "dataset_gen")
  @SequenceGenerator(name = "dataset_gen", sequenceName = "dataset_seq", allocationSize = 50)
  private Long id;

  @Column(name = "name", nullable = false, unique = true)
  private String name;

  @Column(name = "content_hash", length = 128)
  private String contentHash;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "description", length = 4000)
  private String description;

  /**
   * Where the dataset came from: {@code synthetic}, {@code comicgen}, {@code
   * character-instances}, {@code sequences} or {@code instances}.
   */
  @Column(name = "format", nullable = false, length = 32)
  private String format = "synthetic";

  /**
   * {@code sequence}: an identity label means "same character" only inside its sequence (the
   * paper's annotations); {@code dataset}: a label names the same character wherever it appears.
   */
  @Column(name = "identity_scope", nullable = false, length = 16)
  private String identityScope = "sequence";

  protected Dataset() {}

  /** A new dataset; {@code createdAt} is truncated to microseconds (the column's precision). */
  public Dataset(String name, String contentHash, Instant createdAt, String description) {
    this.name = Objects.requireNonNull(name, "name");
    this.contentHash = contentHash;
    this.createdAt = Times.micros(Objects.requireNonNull(createdAt, "createdAt"));
    this.description = description;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getContentHash() {
    return contentHash;
  }

  public void setContentHash(String contentHash) {
    this.contentHash = contentHash;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getFormat() {
    return format;
  }

  public void setFormat(String format) {
    this.format = Objects.requireNonNull(format, "format");
  }

  public String getIdentityScope() {
    return identityScope;
  }

  public void setIdentityScope(String identityScope) {
    this.identityScope = Objects.requireNonNull(identityScope, "identityScope");
  }

  @Override
  public String toString() {
    return "Dataset[" + id + ", " + name + "]";
  }
}

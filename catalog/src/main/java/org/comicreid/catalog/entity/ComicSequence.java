package org.comicreid.catalog.entity;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A sequence of consecutive panels of one page (four in the paper, Appendix C), e.g. {@code
 * 1014_14_0+1014_14_1+1014_14_2+1014_14_3}. Identity labels are local to a sequence. Named {@code
 * ComicSequence} so it is not confused with a database sequence.
 */
@Entity
@Table(name = "comic_sequence")
@NamedQuery(
    name = "ComicSequence.findByDataset",
    query =
        "select distinct s from ComicSequence s left join fetch s.panels sp left join fetch sp.panel"
            + " where s.dataset.id = :datasetId order by s.externalId")
@NamedQuery(
    name = "ComicSequence.findByExternalId",
    query =
        "select s from ComicSequence s left join fetch s.panels sp left join fetch sp.panel"
            + " where s.dataset.id = :datasetId and s.externalId = :externalId")
public class ComicSequence {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "comic_sequence_gen")
  @SequenceGenerator(
      name = "comic_sequence_gen",
      sequenceName = "comic_sequence_seq",
      allocationSize = 50)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "dataset_id", nullable = false)
  private Dataset dataset;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "series_id", nullable = false)
  private Series series;

  @Column(name = "external_id", nullable = false)
  private String externalId;

  @OneToMany(mappedBy = "sequence", cascade = CascadeType.PERSIST)
  @OrderBy("position")
  private List<SequencePanel> panels = new ArrayList<>();

  protected ComicSequence() {}

  /** A sequence of the given panels, in order; the panel links are persisted with it. */
  public ComicSequence(Dataset dataset, Series series, String externalId, List<Panel> panels) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.series = Objects.requireNonNull(series, "series");
    this.externalId = Objects.requireNonNull(externalId, "externalId");
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("sequence " + externalId + " has no panels");
    }
    for (int i = 0; i < panels.size(); i++) {
      this.panels.add(new SequencePanel(this, i, panels.get(i)));
    }
  }

  public Long getId() {
    return id;
  }

  public Dataset getDataset() {
    return dataset;
  }

  public Series getSeries() {
    return series;
  }

  public String getExternalId() {
    return externalId;
  }

  /** The panel links, ordered by position. */
  public List<SequencePanel> getPanelLinks() {
    return Collections.unmodifiableList(panels);
  }

  /** The panels, in sequence order. */
  public List<Panel> getPanels() {
    return panels.stream().map(SequencePanel::getPanel).toList();
  }

  @Override
  public String toString() {
    return "ComicSequence[" + id + ", " + externalId + "]";
  }
}

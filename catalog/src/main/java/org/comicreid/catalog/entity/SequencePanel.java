package org.comicreid.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A panel at a position (0-based) of a sequence. */
@Entity
@Table(name = "sequence_panel")
public class SequencePanel {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sequence_panel_gen")
  @SequenceGenerator(
      name = "sequence_panel_gen",
      sequenceName = "sequence_panel_seq",
      allocationSize = 50)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "sequence_id", nullable = false)
  private ComicSequence sequence;

  @Column(name = "panel_position", nullable = false)
  private int position;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "panel_id", nullable = false)
  private Panel panel;

  protected SequencePanel() {}

  SequencePanel(ComicSequence sequence, int position, Panel panel) {
    this.sequence = sequence;
    this.position = position;
    this.panel = panel;
  }

  public Long getId() {
    return id;
  }

  public ComicSequence getSequence() {
    return sequence;
  }

  public int getPosition() {
    return position;
  }

  public Panel getPanel() {
    return panel;
  }
}

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

/** One logged metric value of a local tracking run (a key has many values over steps). */
@Entity
@Table(name = "tracking_metric")
@NamedQuery(
    name = "TrackingMetric.findByRun",
    query = "select m from TrackingMetric m where m.run.id = :runPk order by m.key, m.step, m.id")
@NamedQuery(
    name = "TrackingMetric.findByRunAndKey",
    query =
        "select m from TrackingMetric m where m.run.id = :runPk and m.key = :key"
            + " order by m.step, m.id")
public class TrackingMetric {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "tracking_metric_gen")
  @SequenceGenerator(
      name = "tracking_metric_gen",
      sequenceName = "tracking_metric_seq",
      allocationSize = 50)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "run_id", nullable = false)
  private TrackingRunEntity run;

  @Column(name = "metric_key", nullable = false)
  private String key;

  @Column(name = "metric_value", nullable = false)
  private double value;

  @Column(name = "step", nullable = false)
  private long step;

  @Column(name = "timestamp_ms", nullable = false)
  private long timestampMillis;

  protected TrackingMetric() {}

  public TrackingMetric(
      TrackingRunEntity run, String key, double value, long step, long timestampMillis) {
    this.run = run;
    this.key = key;
    this.value = value;
    this.step = step;
    this.timestampMillis = timestampMillis;
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

  public double getValue() {
    return value;
  }

  public long getStep() {
    return step;
  }

  public long getTimestampMillis() {
    return timestampMillis;
  }
}

package org.comicreid.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A run of the local (MLflow-like) tracker. {@code runId} is the public id; {@code
 * idempotencyKey}, when set, makes run creation idempotent.
 */
@Entity(name = "TrackingRun")
@Table(name = "tracking_run")
@NamedQuery(name = "TrackingRun.findByRunId", query = "select r from TrackingRun r where r.runId = :runId")
@NamedQuery(
    name = "TrackingRun.findByKey",
    query = "select r from TrackingRun r where r.idempotencyKey = :key")
@NamedQuery(
    name = "TrackingRun.findByExperiment",
    query =
        "select r from TrackingRun r where r.experiment = :experiment"
            + " order by r.startTime desc, r.id desc")
@NamedQuery(
    name = "TrackingRun.findByParent",
    query =
        "select r from TrackingRun r where r.parentRunId = :parentRunId"
            + " order by r.startTime asc, r.id asc")
public class TrackingRunEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "tracking_run_gen")
  @SequenceGenerator(
      name = "tracking_run_gen",
      sequenceName = "tracking_run_seq",
      allocationSize = 50)
  private Long id;

  @Column(name = "run_id", nullable = false, unique = true, length = 64)
  private String runId;

  @Column(name = "idempotency_key", unique = true, length = 512)
  private String idempotencyKey;

  @Column(name = "experiment", nullable = false)
  private String experiment;

  @Column(name = "name", length = 512)
  private String name;

  @Column(name = "parent_run_id", length = 64)
  private String parentRunId;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  @Column(name = "status", nullable = false, length = 16)
  private TrackingStatus status;

  @Column(name = "start_time", nullable = false)
  private Instant startTime;

  @Column(name = "end_time")
  private Instant endTime;

  protected TrackingRunEntity() {}

  public TrackingRunEntity(
      String runId,
      String idempotencyKey,
      String experiment,
      String name,
      String parentRunId,
      Instant startTime) {
    this.runId = runId;
    this.idempotencyKey = idempotencyKey;
    this.experiment = experiment;
    this.name = name;
    this.parentRunId = parentRunId;
    this.status = TrackingStatus.RUNNING;
    this.startTime = Times.micros(startTime);
  }

  public Long getId() {
    return id;
  }

  public String getRunId() {
    return runId;
  }

  public String getIdempotencyKey() {
    return idempotencyKey;
  }

  public String getExperiment() {
    return experiment;
  }

  public String getName() {
    return name;
  }

  public String getParentRunId() {
    return parentRunId;
  }

  public TrackingStatus getStatus() {
    return status;
  }

  public Instant getStartTime() {
    return startTime;
  }

  public Instant getEndTime() {
    return endTime;
  }

  /** Ends the run with a terminal status at {@code endTime}. */
  public void finish(TrackingStatus newStatus, Instant newEndTime) {
    this.status = newStatus;
    this.endTime = Times.micros(newEndTime);
  }
}

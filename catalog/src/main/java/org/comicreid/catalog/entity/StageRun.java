package org.comicreid.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
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
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.StageStatus;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One stage execution (row of the stage ledger), unique by stage key. Mutable: the ledger moves it
 * through RUNNING, FINISHED and FAILED. {@code artifactPaths} is a JSON array of strings.
 */
@Entity
@Table(name = "stage_run")
@NamedQuery(name = "StageRun.findByKey", query = "select r from StageRun r where r.stageKey = :key")
@NamedQuery(
    name = "StageRun.findByWorkflow",
    query = "select r from StageRun r where r.workflowId = :workflowId order by r.id")
@NamedQuery(
    name = "StageRun.findByExperiment",
    query =
        "select r from StageRun r where r.experiment = :experiment"
            + " order by r.startedAt desc nulls last, r.id desc")
public class StageRun {

  /** Length of the JSON columns (1 Mi characters), the widest varchar that H2 does not turn into a CLOB. */
  public static final int JSON_LENGTH = 1_048_576;

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "stage_run_gen")
  @SequenceGenerator(name = "stage_run_gen", sequenceName = "stage_run_seq", allocationSize = 50)
  private Long id;

  @Column(name = "stage_key", nullable = false, unique = true)
  private String stageKey;

  @Column(name = "experiment", nullable = false)
  private String experiment;

  @Convert(converter = StageKeyConverter.class)
  @Column(name = "stage", nullable = false, length = 32)
  private Stage stage;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  @Column(name = "status", nullable = false, length = 16)
  private StageStatus status;

  @Column(name = "config_hash", length = 128)
  private String configHash;

  @Column(name = "workflow_id", length = 512)
  private String workflowId;

  @Column(name = "mlflow_run_id", length = 128)
  private String mlflowRunId;

  @Column(name = "output_json", length = JSON_LENGTH)
  private String outputJson;

  @Column(name = "artifact_paths", length = JSON_LENGTH)
  private String artifactPathsJson;

  @Column(name = "provenance_json", length = JSON_LENGTH)
  private String provenanceJson;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Column(name = "error_message", length = 4000)
  private String error;

  protected StageRun() {}

  public StageRun(String stageKey, String experiment, Stage stage) {
    this.stageKey = stageKey;
    this.experiment = experiment;
    this.stage = stage;
    this.status = StageStatus.RUNNING;
  }

  public Long getId() {
    return id;
  }

  public String getStageKey() {
    return stageKey;
  }

  public String getExperiment() {
    return experiment;
  }

  public void setExperiment(String experiment) {
    this.experiment = experiment;
  }

  public Stage getStage() {
    return stage;
  }

  public void setStage(Stage stage) {
    this.stage = stage;
  }

  public StageStatus getStatus() {
    return status;
  }

  public void setStatus(StageStatus status) {
    this.status = status;
  }

  public String getConfigHash() {
    return configHash;
  }

  public void setConfigHash(String configHash) {
    this.configHash = configHash;
  }

  public String getWorkflowId() {
    return workflowId;
  }

  public void setWorkflowId(String workflowId) {
    this.workflowId = workflowId;
  }

  public String getMlflowRunId() {
    return mlflowRunId;
  }

  public void setMlflowRunId(String mlflowRunId) {
    this.mlflowRunId = mlflowRunId;
  }

  public String getOutputJson() {
    return outputJson;
  }

  public void setOutputJson(String outputJson) {
    this.outputJson = outputJson;
  }

  public String getArtifactPathsJson() {
    return artifactPathsJson;
  }

  public void setArtifactPathsJson(String artifactPathsJson) {
    this.artifactPathsJson = artifactPathsJson;
  }

  public String getProvenanceJson() {
    return provenanceJson;
  }

  public void setProvenanceJson(String provenanceJson) {
    this.provenanceJson = provenanceJson;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(Instant startedAt) {
    this.startedAt = Times.micros(startedAt);
  }

  public Instant getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(Instant finishedAt) {
    this.finishedAt = Times.micros(finishedAt);
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }
}

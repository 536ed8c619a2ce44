package org.comicreid.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One pipeline's use of one stage output (row of {@code stage_use}), keyed by (stage key, workflow
 * id). The ledger creates it on the first use and moves {@code lastUsedAt} on later ones.
 */
@Entity
@Table(name = "stage_use")
@IdClass(StageUseEntity.Key.class)
@NamedQuery(
    name = "StageUse.all",
    query = "select u from StageUseEntity u order by u.lastUsedAt desc, u.workflowId, u.stageKey")
@NamedQuery(
    name = "StageUse.findByKey",
    query = "select u from StageUseEntity u where u.stageKey = :key order by u.workflowId")
public class StageUseEntity {

  @Id
  @Column(name = "stage_key", nullable = false)
  private String stageKey;

  @Id
  @Column(name = "workflow_id", nullable = false, length = 512)
  private String workflowId;

  @Column(name = "first_used_at", nullable = false)
  private Instant firstUsedAt;

  @Column(name = "last_used_at", nullable = false)
  private Instant lastUsedAt;

  protected StageUseEntity() {}

  /** A first use at {@code at}. */
  public StageUseEntity(String stageKey, String workflowId, Instant at) {
    this.stageKey = stageKey;
    this.workflowId = workflowId;
    this.firstUsedAt = Times.micros(at);
    this.lastUsedAt = Times.micros(at);
  }

  public String getStageKey() {
    return stageKey;
  }

  public String getWorkflowId() {
    return workflowId;
  }

  public Instant getFirstUsedAt() {
    return firstUsedAt;
  }

  public Instant getLastUsedAt() {
    return lastUsedAt;
  }

  public void setLastUsedAt(Instant lastUsedAt) {
    this.lastUsedAt = Times.micros(lastUsedAt);
  }

  /** The composite id (stage key, workflow id). */
  public static final class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String stageKey;
    private String workflowId;

    public Key() {}

    public Key(String stageKey, String workflowId) {
      this.stageKey = stageKey;
      this.workflowId = workflowId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(stageKey, k.stageKey)
          && Objects.equals(workflowId, k.workflowId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(stageKey, workflowId);
    }
  }
}

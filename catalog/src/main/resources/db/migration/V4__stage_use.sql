-- Stage uses (reid cache list / gc): which pipeline (workflow id) ran or reused which stage output.
-- One row per (stage key, workflow id); last_used_at moves forward on every use. No foreign key to
-- stage_run: a use may be recorded before the record exists, and gc deletes a record's uses with it
-- in one transaction.
CREATE TABLE stage_use (
  stage_key varchar(255) NOT NULL,
  workflow_id varchar(512) NOT NULL,
  first_used_at timestamp(6) with time zone NOT NULL,
  last_used_at timestamp(6) with time zone NOT NULL,
  CONSTRAINT pk_stage_use PRIMARY KEY (stage_key, workflow_id)
);
CREATE INDEX ix_stage_use_workflow ON stage_use (workflow_id);

-- Records made before this table existed were at least used by the workflow that ran them: without
-- this backfill the first gc would delete every existing output as unused.
INSERT INTO stage_use (stage_key, workflow_id, first_used_at, last_used_at)
SELECT stage_key, workflow_id,
       COALESCE(started_at, finished_at, CURRENT_TIMESTAMP),
       COALESCE(finished_at, started_at, CURRENT_TIMESTAMP)
FROM stage_run
WHERE workflow_id IS NOT NULL;

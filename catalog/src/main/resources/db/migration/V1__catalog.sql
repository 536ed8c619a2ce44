-- Catalog schema, version 1. Written to run unchanged on PostgreSQL and on H2 in MODE=PostgreSQL
-- with DATABASE_TO_LOWER=TRUE. Ids come from sequences that increment by 50: Hibernate's pooled
-- optimizer hands out 50 ids per sequence call, so inserts can be batched (no identity columns).
-- Long text (JSON) uses varchar(1048576): longer varchars become CLOBs in Hibernate's H2 dialect.

CREATE SEQUENCE dataset_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE series_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE page_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE panel_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE detection_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE character_instance_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE comic_sequence_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE sequence_panel_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE identity_annotation_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE data_split_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE split_member_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE stage_run_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE tracking_run_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE tracking_param_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE tracking_metric_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE tracking_tag_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE dataset (
  id bigint NOT NULL PRIMARY KEY,
  name varchar(255) NOT NULL,
  content_hash varchar(128),
  created_at timestamp(6) with time zone NOT NULL,
  description varchar(4000),
  CONSTRAINT uk_dataset_name UNIQUE (name)
);

CREATE TABLE series (
  id bigint NOT NULL PRIMARY KEY,
  dataset_id bigint NOT NULL REFERENCES dataset (id),
  external_id varchar(255) NOT NULL,
  title varchar(1000),
  CONSTRAINT uk_series_external UNIQUE (dataset_id, external_id)
);

CREATE TABLE page (
  id bigint NOT NULL PRIMARY KEY,
  series_id bigint NOT NULL REFERENCES series (id),
  external_id varchar(255) NOT NULL,
  CONSTRAINT uk_page_external UNIQUE (series_id, external_id)
);

CREATE TABLE panel (
  id bigint NOT NULL PRIMARY KEY,
  page_id bigint NOT NULL REFERENCES page (id),
  panel_index integer NOT NULL,
  image_path varchar(4000) NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  CONSTRAINT uk_panel_index UNIQUE (page_id, panel_index)
);

CREATE TABLE detection (
  id bigint NOT NULL PRIMARY KEY,
  panel_id bigint NOT NULL REFERENCES panel (id),
  kind varchar(16) NOT NULL,
  x1 double precision NOT NULL,
  y1 double precision NOT NULL,
  x2 double precision NOT NULL,
  y2 double precision NOT NULL,
  score double precision NOT NULL
);
CREATE INDEX ix_detection_panel ON detection (panel_id);

CREATE TABLE character_instance (
  id bigint NOT NULL PRIMARY KEY,
  dataset_id bigint NOT NULL REFERENCES dataset (id),
  external_id varchar(255) NOT NULL,
  panel_id bigint NOT NULL REFERENCES panel (id),
  face_detection_id bigint REFERENCES detection (id),
  body_detection_id bigint REFERENCES detection (id),
  CONSTRAINT uk_instance_external UNIQUE (dataset_id, external_id)
);
CREATE INDEX ix_instance_panel ON character_instance (panel_id);

CREATE TABLE comic_sequence (
  id bigint NOT NULL PRIMARY KEY,
  dataset_id bigint NOT NULL REFERENCES dataset (id),
  series_id bigint NOT NULL REFERENCES series (id),
  external_id varchar(255) NOT NULL,
  CONSTRAINT uk_sequence_external UNIQUE (dataset_id, external_id)
);

CREATE TABLE sequence_panel (
  id bigint NOT NULL PRIMARY KEY,
  sequence_id bigint NOT NULL REFERENCES comic_sequence (id),
  panel_position integer NOT NULL,
  panel_id bigint NOT NULL REFERENCES panel (id),
  CONSTRAINT uk_sequence_panel_position UNIQUE (sequence_id, panel_position)
);

CREATE TABLE identity_annotation (
  id bigint NOT NULL PRIMARY KEY,
  sequence_id bigint NOT NULL REFERENCES comic_sequence (id),
  identity_label varchar(255) NOT NULL,
  instance_id bigint NOT NULL REFERENCES character_instance (id),
  CONSTRAINT uk_annotation_instance UNIQUE (sequence_id, instance_id)
);

CREATE TABLE data_split (
  id bigint NOT NULL PRIMARY KEY,
  dataset_id bigint NOT NULL REFERENCES dataset (id),
  name varchar(64) NOT NULL,
  CONSTRAINT uk_split_name UNIQUE (dataset_id, name)
);

CREATE TABLE split_member (
  id bigint NOT NULL PRIMARY KEY,
  split_id bigint NOT NULL REFERENCES data_split (id),
  sequence_id bigint NOT NULL REFERENCES comic_sequence (id),
  CONSTRAINT uk_split_member UNIQUE (split_id, sequence_id)
);

CREATE TABLE stage_run (
  id bigint NOT NULL PRIMARY KEY,
  stage_key varchar(255) NOT NULL,
  experiment varchar(255) NOT NULL,
  stage varchar(32) NOT NULL,
  status varchar(16) NOT NULL,
  config_hash varchar(128),
  workflow_id varchar(512),
  mlflow_run_id varchar(128),
  output_json varchar(1048576),
  artifact_paths varchar(1048576),
  provenance_json varchar(1048576),
  started_at timestamp(6) with time zone,
  finished_at timestamp(6) with time zone,
  error_message varchar(4000),
  CONSTRAINT uk_stage_run_key UNIQUE (stage_key)
);
CREATE INDEX ix_stage_run_workflow ON stage_run (workflow_id);
CREATE INDEX ix_stage_run_experiment ON stage_run (experiment);

CREATE TABLE tracking_run (
  id bigint NOT NULL PRIMARY KEY,
  run_id varchar(64) NOT NULL,
  idempotency_key varchar(512),
  experiment varchar(255) NOT NULL,
  name varchar(512),
  parent_run_id varchar(64),
  status varchar(16) NOT NULL,
  start_time timestamp(6) with time zone NOT NULL,
  end_time timestamp(6) with time zone,
  CONSTRAINT uk_tracking_run_id UNIQUE (run_id),
  CONSTRAINT uk_tracking_run_key UNIQUE (idempotency_key)
);
CREATE INDEX ix_tracking_run_experiment ON tracking_run (experiment);

CREATE TABLE tracking_param (
  id bigint NOT NULL PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES tracking_run (id),
  param_key varchar(255) NOT NULL,
  param_value varchar(8000) NOT NULL,
  CONSTRAINT uk_tracking_param UNIQUE (run_id, param_key)
);

CREATE TABLE tracking_metric (
  id bigint NOT NULL PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES tracking_run (id),
  metric_key varchar(255) NOT NULL,
  metric_value double precision NOT NULL,
  step bigint NOT NULL,
  timestamp_ms bigint NOT NULL
);
CREATE INDEX ix_tracking_metric_run ON tracking_metric (run_id, metric_key);

CREATE TABLE tracking_tag (
  id bigint NOT NULL PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES tracking_run (id),
  tag_key varchar(255) NOT NULL,
  tag_value varchar(8000) NOT NULL,
  CONSTRAINT uk_tracking_tag UNIQUE (run_id, tag_key)
);

-- Imported datasets (issue 4): where a dataset came from, whether its identity labels are
-- sequence-local or dataset-wide, the source's own id of each box, and, for datasets of
-- already-cropped images, the image file a box refers to (its box then covers that whole image).
ALTER TABLE dataset ADD COLUMN format varchar(32) DEFAULT 'synthetic' NOT NULL;
ALTER TABLE dataset ADD COLUMN identity_scope varchar(16) DEFAULT 'sequence' NOT NULL;
ALTER TABLE detection ADD COLUMN external_id varchar(255);
ALTER TABLE detection ADD COLUMN image_path varchar(4000);
-- "which instances are annotated" is asked per instance of datasets with a million of them
CREATE INDEX ix_annotation_instance ON identity_annotation (instance_id);
-- deleting a dataset checks the foreign keys into each deleted row: index the referencing columns
CREATE INDEX ix_instance_face ON character_instance (face_detection_id);
CREATE INDEX ix_instance_body ON character_instance (body_detection_id);
CREATE INDEX ix_sequence_panel_panel ON sequence_panel (panel_id);
CREATE INDEX ix_sequence_series ON comic_sequence (series_id);

package org.comicreid.catalog.entity;

/** What a detection box contains. Speech bubbles are kept for export; no stage reads them. */
public enum DetectionKind {
  FACE,
  BODY,
  SPEECH_BUBBLE
}

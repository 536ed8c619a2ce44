package org.comicreid.catalog.entity;

/** What a detection box contains. */
public enum DetectionKind {
  FACE,
  BODY
}

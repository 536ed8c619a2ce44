package org.comicreid.core.dataset;

/** What a detected box shows. */
public enum PartKind {
  FACE,
  BODY
}

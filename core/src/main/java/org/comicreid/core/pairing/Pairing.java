package org.comicreid.core.pairing;

/**
 * One character instance formed by pairing: indexes into the face and body lists, -1 for a missing
 * part (never both -1).
 *
 * @param face face index or -1
 * @param body body index or -1
 */
public record Pairing(int face, int body) {
  /** Whether the instance has both a face and a body. */
  public boolean complete() {
    return face >= 0 && body >= 0;
  }
}

package org.comicreid.core.dataset;

/**
 * One annotated character instance: a face, a body, or both, on one panel.
 *
 * @param id catalog id
 * @param externalId {@code <series>_<page>_<panel>_<idx>}; the first token is the series
 * @param panelId the panel
 * @param faceDetectionId the face box's detection id, or -1 when the instance has no face
 * @param bodyDetectionId the body box's detection id, or -1 when the instance has no body
 */
public record InstanceRecord(long id, String externalId, long panelId, long faceDetectionId, long bodyDetectionId) {
  public boolean hasFace() {
    return faceDetectionId >= 0;
  }

  public boolean hasBody() {
    return bodyDetectionId >= 0;
  }
}

package org.comicreid.core.dataset;

/**
 * One detected (or annotated) face or body box.
 *
 * @param id catalog id
 * @param panelId the panel it is on
 * @param kind face or body
 * @param box the box in panel pixels
 * @param score detector confidence in [0,1]
 */
public record DetectionRecord(long id, long panelId, PartKind kind, Box box, double score) {}

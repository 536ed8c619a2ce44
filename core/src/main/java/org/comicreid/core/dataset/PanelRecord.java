package org.comicreid.core.dataset;

/**
 * One panel image.
 *
 * @param id catalog id
 * @param series external id of the panel's series
 * @param externalId {@code <series>_<page>_<panel>}
 * @param imagePath absolute path of the image file
 * @param width image width in pixels
 * @param height image height in pixels
 */
public record PanelRecord(long id, String series, String externalId, String imagePath, int width, int height) {}

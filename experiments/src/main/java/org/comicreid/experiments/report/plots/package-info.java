/**
 * PNG figures of a run, drawn with plain Java2D on a headless {@link java.awt.image.BufferedImage}
 * (no plotting library): loss curves ({@link org.comicreid.experiments.report.plots.LineChart}),
 * the validation ROC with the chosen threshold ({@link
 * org.comicreid.experiments.report.plots.RocChart}), grouped metric bars of a sweep ({@link
 * org.comicreid.experiments.report.plots.BarChart}) and the paper's Appendix A view of one 4-panel
 * sequence ({@link org.comicreid.experiments.report.plots.SequenceSheet}).
 *
 * <p>Output is deterministic: the same input gives the same PNG bytes on the same JDK and fonts
 * (shapes are drawn without antialiasing, so their pixels have exactly the palette's colours; only
 * text is antialiased). Malformed input (mismatched lengths, rates outside [0, 1], ...) is an
 * {@link java.lang.IllegalArgumentException} naming what is wrong; input with nothing to draw gives
 * an explicit "no data" image, and {@link org.comicreid.experiments.report.plots.Chart#hasData()}
 * lets a caller skip it instead.
 */
package org.comicreid.experiments.report.plots;

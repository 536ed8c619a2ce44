/**
 * {@code reid assign}: a finished pipeline ({@link org.comicreid.worker.assign.TrainedRun})
 * applied to the sequences of a catalog dataset or of a directory of new panels ({@link
 * org.comicreid.worker.assign.PanelSequences}), written as JSON and sequence sheets ({@link
 * org.comicreid.worker.assign.Assigner}).
 */
package org.comicreid.worker.assign;

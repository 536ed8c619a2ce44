/**
 * Experiment tracking of pipeline runs: one tracked run per pipeline (keyed by the workflow id)
 * and one nested run per executed stage (keyed by the stage key), on any {@link
 * org.comicreid.experiments.tracking.Tracker}.
 */
package org.comicreid.activities.tracking;

/**
 * Experiment tracking behind one {@link org.comicreid.experiments.tracking.Tracker} interface: MLflow
 * over its REST API (with batching to MLflow's limits, idempotent run creation by key and an
 * on-disk buffer for outages) and a local fallback; {@link
 * org.comicreid.experiments.tracking.TrackerFactory} picks one from the config.
 */
package org.comicreid.experiments.tracking;

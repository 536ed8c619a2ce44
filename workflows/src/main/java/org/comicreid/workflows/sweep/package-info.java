/**
 * The sweep workflow: runs each member of a sweep as a child {@link
 * org.comicreid.workflows.pipeline.ReIdPipelineWorkflow}, a few at a time, and tracks the sweep
 * through {@link org.comicreid.workflows.sweep.SweepTrackingActivities}.
 */
package org.comicreid.workflows.sweep;

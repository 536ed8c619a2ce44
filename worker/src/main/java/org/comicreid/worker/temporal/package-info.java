/**
 * Temporal plumbing of the composition root: connections (embedded server or remote frontend),
 * workers per task queue, the all-in-one embedded pipeline, and submitting/joining the workflow.
 */
package org.comicreid.worker.temporal;

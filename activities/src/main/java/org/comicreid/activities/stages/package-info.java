/**
 * The nine stage activities. Each is a thin adapter: it reads its input record, loads what it
 * needs (dataset snapshot, upstream artifacts), delegates the algorithm to core or learning,
 * heartbeats, tracks, and publishes its artifacts atomically (a staging directory renamed into
 * place), so a failed attempt leaves nothing half-written.
 */
package org.comicreid.activities.stages;

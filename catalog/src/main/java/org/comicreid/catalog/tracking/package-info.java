/**
 * Storage for the local experiment tracker (runs, params, metrics, tags) used when no MLflow
 * server is configured; the experiments module builds its local tracking client on it.
 */
package org.comicreid.catalog.tracking;

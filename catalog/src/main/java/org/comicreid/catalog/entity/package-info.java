/**
 * Hibernate entities of the catalog: the dataset hierarchy (dataset, series, page, panel,
 * detection, character instance), four-panel sequences with their sequence-local identity
 * annotations and splits, stage runs (the stage ledger) and the local tracker's runs, params,
 * metrics and tags. Ids come from database sequences with a pooled optimizer so inserts batch.
 */
package org.comicreid.catalog.entity;

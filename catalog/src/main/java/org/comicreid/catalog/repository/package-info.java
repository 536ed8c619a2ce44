/**
 * Thin repositories (DAOs) over the catalog entities: named queries keyed by entity name, batched
 * bulk inserts, and the look-ups the pipeline needs (a dataset's instances, its sequences with
 * instances and annotations, split membership).
 */
package org.comicreid.catalog.repository;

/**
 * The catalog: a relational store (embedded H2 by default, PostgreSQL when workers run on several
 * hosts) for datasets, annotations, stage executions and local experiment tracking. Open it with
 * {@link org.comicreid.catalog.Catalog#open(org.comicreid.catalog.CatalogSettings)}; Flyway
 * migrations under {@code db/migration} own the schema and Hibernate validates against it.
 */
package org.comicreid.catalog;

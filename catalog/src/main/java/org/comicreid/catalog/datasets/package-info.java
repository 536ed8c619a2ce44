/**
 * Import and export of the dataset formats of {@code docs/datasets.md}: {@code
 * character-instances} (detector boxes on panel images, CSV or JSON), {@code sequences} (the
 * Comic Sequence Identity folder) and {@code instances} (already-cropped faces and bodies).
 *
 * <p>{@link org.comicreid.catalog.datasets.DatasetImporter} validates the whole input first and
 * reports every problem as {@code FILE:LINE: message}; only a valid input (or, with {@code
 * skipInvalid}, its valid part) is written, in one transaction, with JDBC-batched inserts whose
 * ids come from the same database sequences Hibernate uses. {@link
 * org.comicreid.catalog.datasets.DatasetExporter} writes a catalog dataset back in any format,
 * and {@link org.comicreid.catalog.datasets.DatasetListing} summarises the catalog's datasets.
 */
package org.comicreid.catalog.datasets;

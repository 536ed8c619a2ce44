/**
 * Test support shipped in the catalog's test-jar: {@link
 * org.comicreid.catalog.testing.TestDatabases} (fresh H2 and PostgreSQL catalogs per test class)
 * and {@link org.comicreid.catalog.testing.SampleData} (a small annotated comic dataset).
 */
package org.comicreid.catalog.testing;

package org.comicreid.catalog.testing;

/** The databases every catalog test runs on; use with {@code @EnumSource(DatabaseKind.class)}. */
public enum DatabaseKind {
  /** Embedded H2 file database in a temporary directory (the same URL shape as production). */
  H2,
  /** A fresh database on the test PostgreSQL server ({@code REID_TEST_PG_*}). */
  POSTGRESQL
}

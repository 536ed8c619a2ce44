package org.comicreid.catalog.datasets;

/** The catalog dataset an export reads. */
record ExportSource(long id, String name, String format, String identityScope) {}

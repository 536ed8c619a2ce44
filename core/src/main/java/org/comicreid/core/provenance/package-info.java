/**
 * Provenance: what a stage output was computed from (resolved config, input hashes, code version,
 * engine, runtime), in a canonical text form, and sha256 content hashes of files and strings.
 */
package org.comicreid.core.provenance;

/**
 * The records a sweep workflow runs on and returns: the members (each a full pipeline spec), their
 * results, and the sweep's progress. Small and serialisable, free of framework types.
 */
package org.comicreid.core.sweep;

/**
 * A dataset as plain records, detached from the catalog: panels, detected boxes, annotated
 * character instances, 4-panel sequences with their sequence-local identity labels, and splits.
 * Stage libraries work on these; the catalog loads them ({@code DatasetSnapshots}).
 */
package org.comicreid.core.dataset;

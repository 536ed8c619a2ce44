/**
 * The catalog's implementation of the pipeline's stage ledger ({@link
 * org.comicreid.core.pipeline.StageLedger}): durable, idempotent per stage key.
 */
package org.comicreid.catalog.ledger;

/**
 * Pipeline plumbing on the activity side: the stage-ledger activities over the catalog's {@link
 * org.comicreid.core.pipeline.StageLedger}, and the registry of stage implementations.
 */
package org.comicreid.activities.pipeline;

/**
 * Activity contracts the pipeline workflow calls: one {@code <Stage>Activities} interface per
 * stage, and {@link org.comicreid.workflows.activities.StageLedgerActivities} for the catalog's
 * stage ledger.
 */
package org.comicreid.workflows.activities;

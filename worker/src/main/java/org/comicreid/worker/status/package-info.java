/** {@code reid status}: stage states from the catalog ledger and the workflow query. */
package org.comicreid.worker.status;

/**
 * The two seams between the worker and modules merged later: config to {@link
 * org.comicreid.worker.setup.RunSetup} and catalog to {@link
 * org.comicreid.worker.setup.LedgerWiring}.
 */
package org.comicreid.worker.setup;

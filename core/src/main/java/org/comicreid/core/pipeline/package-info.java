/** Pipeline vocabulary shared by workflows, activities and the catalog: stages, stage records, the stage ledger. */
package org.comicreid.core.pipeline;

/**
 * Re-identification evaluation protocols: local (within each test sequence, query = reference
 * minus self) and global (paper F.3: per series, the largest clique's characters, first instance as
 * query, the rest as references).
 */
package org.comicreid.core.evaluation;

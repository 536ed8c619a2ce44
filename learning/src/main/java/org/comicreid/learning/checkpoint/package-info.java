/** Single-file checkpoints (parameters, optimiser state, progress counters) written atomically. */
package org.comicreid.learning.checkpoint;

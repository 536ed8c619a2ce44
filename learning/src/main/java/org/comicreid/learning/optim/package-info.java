/** A hand-written AdamW with savable state, global-norm gradient clipping and learning-rate schedules. */
package org.comicreid.learning.optim;

/** Identity-aware SimCLR pretraining: settings, the resumable epoch loop and a throughput probe. */
package org.comicreid.learning.pretrain;

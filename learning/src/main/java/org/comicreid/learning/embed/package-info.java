/** Feature extraction from a pretraining checkpoint (middle features and head outputs). */
package org.comicreid.learning.embed;

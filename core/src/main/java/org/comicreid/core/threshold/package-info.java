/**
 * Choosing the clustering distance threshold from validation pairs (paper Appendix H): mean plus k
 * standard deviations of positive-pair distances, or the ROC point maximising Youden's J.
 */
package org.comicreid.core.threshold;

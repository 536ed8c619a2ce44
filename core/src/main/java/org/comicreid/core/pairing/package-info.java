/**
 * Turning detected face and body boxes into character instances (paper Appendix B): detection
 * filters for self-supervised pretraining, face crops, and face–body pairing under the paper's rule
 * or the authors' related code's rule.
 */
package org.comicreid.core.pairing;

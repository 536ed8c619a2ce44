/**
 * Splitting a dataset's sequences into train, validation and test: the paper's rule of Appendix
 * C.1 ({@link org.comicreid.core.split.PaperSplit}).
 */
package org.comicreid.core.split;

/** CPU image augmentations (strong SimCLR views, weak identity views, evaluation) producing normalised CHW float arrays, and batch assembly. */
package org.comicreid.learning.augment;

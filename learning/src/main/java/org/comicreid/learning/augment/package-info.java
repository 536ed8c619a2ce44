/**
 * CPU image augmentations producing normalised CHW float arrays: the strong SimCLR views, the weak
 * identity views, the fine-tuning train transform and evaluation, each configured by a settings
 * record ({@link org.comicreid.learning.augment.StrongSpec}, {@link
 * org.comicreid.learning.augment.WeakSpec}, {@link org.comicreid.learning.augment.Normalize}) read
 * from the {@code augment.*} config keys; and batch assembly.
 */
package org.comicreid.learning.augment;

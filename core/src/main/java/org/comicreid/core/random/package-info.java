/** Seed derivation shared by every seeded part of the pipeline. */
package org.comicreid.core.random;

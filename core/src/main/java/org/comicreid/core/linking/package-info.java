/**
 * Linking sequence-local identity labels across sequences that share character instances (paper
 * Appendix C.2): union-find over (sequence, label) nodes, giving linked identities, the
 * known-different relation between them, and pair counts before and after linking.
 */
package org.comicreid.core.linking;

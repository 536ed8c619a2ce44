/**
 * Meta-mining (paper Appendix D): maximal cliques of the graph of known-different linked
 * identities, each clique becoming a pseudo-sequence inside which pairs are mined.
 */
package org.comicreid.core.mining;

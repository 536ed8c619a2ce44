package org.comicreid.learning.finetune;

/**
 * Instances mined together (a clique of co-occurring characters, i.e. a pseudo-sequence): every
 * pair inside is a positive when the identities are equal and a negative otherwise.
 *
 * @param series the series all its instances belong to
 * @param instanceIndexes indexes into {@link FineTuneData#instances()}
 */
public record MiningGroup(String series, int[] instanceIndexes) {}

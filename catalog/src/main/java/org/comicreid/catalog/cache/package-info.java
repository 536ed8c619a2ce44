/**
 * Housekeeping of stage outputs ({@code reid cache list} and {@code reid cache gc}): what the
 * artifact root holds ({@link org.comicreid.catalog.cache.CacheInventory}), what may be deleted
 * ({@link org.comicreid.catalog.cache.CachePolicy}, pure) and the deletion itself ({@link
 * org.comicreid.catalog.cache.CacheCollector}: ledger row first, in a transaction, then the files,
 * renamed to a trash name and deleted). Temporal-free.
 */
package org.comicreid.catalog.cache;

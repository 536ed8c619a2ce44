/**
 * Comic worlds drawn with the real, CC0 character art of the npm package comicgen: read the
 * installed package with {@link org.comicreid.catalog.comicgen.ComicgenKit}, describe a world with
 * {@link org.comicreid.catalog.comicgen.ComicgenSpec}, and write it as a {@code sequences} dataset
 * (docs/datasets.md) with {@link org.comicreid.catalog.comicgen.ComicgenWorld#generate}.
 */
package org.comicreid.catalog.comicgen;
